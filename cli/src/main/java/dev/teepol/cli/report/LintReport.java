package dev.teepol.cli.report;

import static dev.teepol.verifier.json.JsonOut.JSON;

import dev.teepol.policy.compile.Diagnostic;
import dev.teepol.policy.yaml.SourcePos;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code teepol lint} found, as the JSON document and the SARIF 2.1.0 log it prints
 * (docs/verdict-schema.md). Built with JSON-P, never by hand.
 *
 * @param linted every policy linted, in order, with what was found in it
 */
public record LintReport(List<Linted> linted) {
  /** Bumped only on incompatible changes. */
  public static final String SCHEMA = "teepol.dev/lint/v1";

  /** SARIF rule ids: diagnostics carry no finer code, so a rule per severity. */
  public static final String RULE_ERROR = "teepol/policy-error";

  public static final String RULE_WARNING = "teepol/policy-warning";

  static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  static final String INFORMATION_URI = "https://github.com/teepol/teepol";

  /** One policy: its reference as given, its text (for carets) and its diagnostics. */
  public record Linted(String ref, String source, List<Diagnostic> diagnostics) {
    public Linted {
      diagnostics = List.copyOf(diagnostics);
    }
  }

  public LintReport {
    linted = List.copyOf(linted);
  }

  public long errors() {
    return count(Diagnostic.Severity.ERROR);
  }

  public long warnings() {
    return count(Diagnostic.Severity.WARNING);
  }

  private long count(Diagnostic.Severity s) {
    return linted.stream()
        .flatMap(l -> l.diagnostics().stream())
        .filter(d -> d.severity() == s)
        .count();
  }

  /** {@code teepol lint --format json}. */
  public JsonObject json() {
    JsonArrayBuilder policies = JSON.createArrayBuilder();
    JsonArrayBuilder diagnostics = JSON.createArrayBuilder();
    for (Linted l : linted) {
      policies.add(l.ref());
      for (Diagnostic d : l.diagnostics()) {
        diagnostics.add(
            JSON.createObjectBuilder()
                .add("file", d.pos().file())
                .add("line", d.pos().line())
                .add("column", d.pos().column())
                .add("severity", severity(d))
                .add("message", d.message())
                .add("suggestion", d.suggestion()));
      }
    }
    return JSON.createObjectBuilder()
        .add("schema", SCHEMA)
        .add("policies", policies)
        .add("errors", errors())
        .add("warnings", warnings())
        .add("diagnostics", diagnostics)
        .build();
  }

  /**
   * {@code teepol lint --format sarif}: one run whose results GitHub code scanning shows on the
   * policy's line. Positions are 1-based; a diagnostic without one (line 0) has no region.
   */
  public JsonObject sarif(String version) {
    JsonArrayBuilder results = JSON.createArrayBuilder();
    for (Linted l : linted) {
      for (Diagnostic d : l.diagnostics()) {
        boolean error = d.severity() == Diagnostic.Severity.ERROR;
        JsonObjectBuilder physical =
            JSON.createObjectBuilder().add("artifactLocation", artifact(d.pos()));
        if (d.pos().line() > 0) {
          JsonObjectBuilder region = JSON.createObjectBuilder().add("startLine", d.pos().line());
          if (d.pos().column() > 0) {
            region.add("startColumn", d.pos().column());
          }
          physical.add("region", region);
        }
        results.add(
            JSON.createObjectBuilder()
                .add("ruleId", error ? RULE_ERROR : RULE_WARNING)
                .add("ruleIndex", error ? 0 : 1)
                .add("level", error ? "error" : "warning")
                .add(
                    "message",
                    JSON.createObjectBuilder()
                        .add(
                            "text",
                            d.message()
                                + (d.suggestion().isEmpty()
                                    ? ""
                                    : " (did you mean '" + d.suggestion() + "'?)")))
                .add(
                    "locations",
                    JSON.createArrayBuilder()
                        .add(JSON.createObjectBuilder().add("physicalLocation", physical))));
      }
    }
    JsonObject driver =
        JSON.createObjectBuilder()
            .add("name", "teepol")
            .add("version", version)
            .add("informationUri", INFORMATION_URI)
            .add(
                "rules",
                JSON.createArrayBuilder()
                    .add(
                        rule(
                            RULE_ERROR,
                            "PolicyError",
                            "The policy does not compile",
                            "A policy error: the policy does not compile, so teepol refuses to decide with it.",
                            "error"))
                    .add(
                        rule(
                            RULE_WARNING,
                            "PolicyWarning",
                            "The policy compiles but is probably not what was meant",
                            "A lint warning: the mock attester accepted, a TCB allowance without expiry, a pin"
                                + " of the wrong length, a rule that always or never holds.",
                            "warning")))
            .build();
    return JSON.createObjectBuilder()
        .add("$schema", SARIF_SCHEMA)
        .add("version", "2.1.0")
        .add(
            "runs",
            JSON.createArrayBuilder()
                .add(
                    JSON.createObjectBuilder()
                        .add("tool", JSON.createObjectBuilder().add("driver", driver))
                        .add("columnKind", "unicodeCodePoints")
                        .add("results", results)))
        .build();
  }

  private static JsonObject rule(
      String id, String name, String shortText, String fullText, String level) {
    return JSON.createObjectBuilder()
        .add("id", id)
        .add("name", name)
        .add("shortDescription", JSON.createObjectBuilder().add("text", shortText))
        .add("fullDescription", JSON.createObjectBuilder().add("text", fullText))
        .add("helpUri", INFORMATION_URI + "/blob/main/docs/policy-reference.md")
        .add("defaultConfiguration", JSON.createObjectBuilder().add("level", level))
        .build();
  }

  /**
   * Where a diagnostic is: a relative path stays relative to the checkout (%SRCROOT%, where code
   * scanning resolves it), an absolute one becomes a file: URI, a built-in keeps its reference.
   */
  static JsonObject artifact(SourcePos pos) {
    String file = pos.file();
    if (file.startsWith("builtin:")) {
      return JSON.createObjectBuilder().add("uri", file).build();
    }
    Path p = Path.of(file);
    if (p.isAbsolute()) {
      return JSON.createObjectBuilder().add("uri", p.toUri().toString()).build();
    }
    String rel = p.normalize().toString().replace('\\', '/');
    return JSON.createObjectBuilder().add("uri", encode(rel)).add("uriBaseId", "%SRCROOT%").build();
  }

  /** Percent-encodes what a URI cannot hold (spaces, '#', '%'), keeping the path relative. */
  private static String encode(String path) {
    try {
      return new java.net.URI(null, null, path, null).getRawPath();
    } catch (java.net.URISyntaxException e) {
      return path;
    }
  }

  private static String severity(Diagnostic d) {
    return d.severity() == Diagnostic.Severity.ERROR ? "error" : "warning";
  }
}
