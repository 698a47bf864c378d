package dev.teepol.cli;

import dev.teepol.cli.output.Style;
import dev.teepol.cli.report.LintReport;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Diagnostic;
import dev.teepol.policy.compile.Policies;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.verifier.json.JsonOut;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code teepol lint}: compile policies without evidence and report errors and warnings. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compile policies without evidence; print every error and warning as file:line:col.",
      "%nWarnings: policies that accept the mock attester or claim no TEE, TCB allowances without an expiry,"
          + " pins that are not hex of the register's length, rules that always or never hold given the typed"
          + " sections. A directory is searched recursively for *.yaml policies (apiVersion: teepol.dev/...),"
          + " skipping *.tests.yaml suites.%n"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no errors (warnings allowed unless --strict)",
      "1:an error, or with --strict a warning",
      "2:bad usage, an unreadable file, or nothing to lint"
    },
    footer = {
      "%nFormats: text (file:line:col: error|warning: message, the line and a caret), json (one document:"
          + " docs/verdict-schema.md), sarif (SARIF 2.1.0 for GitHub code scanning: upload it with"
          + " github/codeql-action/upload-sarif). The exit code is the same for every format."
    })
public final class LintCommand implements Callable<Integer> {
  private final CliEnvironment env;

  /** Output formats. */
  public enum LintFormat {
    text,
    json,
    sarif
  }

  @Option(names = "--strict", description = "Warnings fail the run too.")
  boolean strict;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  LintFormat format;

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "FILE|DIR|builtin:NAME",
      arity = "0..*",
      description = "Policies to lint (default: the current directory).")
  List<String> refs = new ArrayList<>();

  public LintCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InputException {
    Style style = Output.style(spec, env);
    List<String> files = new ArrayList<>();
    for (String ref : refs.isEmpty() ? List.of(".") : refs) {
      files.addAll(expand(ref));
    }
    if (files.isEmpty()) {
      throw new InputException(
          String.join(" ", refs.isEmpty() ? List.of(".") : refs), "no policy found to lint");
    }
    List<LintReport.Linted> linted = new ArrayList<>();
    for (String ref : files) {
      String text = PolicyRefs.source(ref);
      List<Diagnostic> found;
      try {
        CompiledPolicy p = PolicyCompiler.compile(text, ref);
        found = p.warnings();
      } catch (PolicyCompileException e) {
        found = e.diagnostics();
      }
      linted.add(new LintReport.Linted(ref, text, found));
    }
    LintReport report = new LintReport(linted);
    switch (format) {
      case json -> env.out().println(JsonOut.pretty(report.json()));
      case sarif -> env.out().println(JsonOut.pretty(report.sarif(VersionProvider.version())));
      case text -> text(report, style);
    }
    env.out().flush();
    return report.errors() > 0 || (strict && report.warnings() > 0)
        ? ExitCodes.DENY
        : ExitCodes.ALLOW;
  }

  private void text(LintReport report, Style style) {
    PrintWriter out = style.text(env.out());
    for (LintReport.Linted l : report.linted()) {
      for (Diagnostic d : l.diagnostics()) {
        boolean error = d.severity() == Diagnostic.Severity.ERROR;
        // -q keeps what fails the run: errors, and warnings only under --strict.
        if (style.quiet() && !error && !strict) {
          continue;
        }
        String line = d.format(l.source());
        String word = error ? ": error: " : ": warning: ";
        int at = line.indexOf(word);
        if (at >= 0 && style.color()) {
          String label = error ? style.red("error:") : style.yellow("warning:");
          line = line.substring(0, at) + ": " + label + " " + line.substring(at + word.length());
        }
        out.println(line);
      }
    }
    int n = report.linted().size();
    out.println(
        n
            + " polic"
            + (n == 1 ? "y" : "ies")
            + ": "
            + report.errors()
            + " error(s), "
            + report.warnings()
            + " warning(s)");
    out.flush();
  }

  private static List<String> expand(String ref) throws InputException {
    if (ref.startsWith(Policies.BUILTIN_PREFIX)) {
      return List.of(ref);
    }
    Path p = Path.of(ref);
    if (!Files.isDirectory(p)) {
      // A named file is linted whatever its type (a pipe, /dev/stdin): the policy reader bounds it.
      if (!Files.exists(p)) {
        throw new InputException(ref, "no such file or directory");
      }
      return List.of(ref);
    }
    try {
      List<Path> candidates =
          SourceTree.files(
              p,
              f ->
                  f.getFileName().toString().endsWith(".yaml")
                      && !f.getFileName().toString().endsWith(".tests.yaml"));
      List<String> out = new ArrayList<>();
      for (Path f : candidates) {
        if (looksLikePolicy(f)) {
          out.add(f.toString());
        }
      }
      return out;
    } catch (IOException e) {
      throw new InputException(ref, "cannot list: " + e.getMessage());
    }
  }

  /**
   * In a directory, only files that declare the policy apiVersion: CI configs and the like are not
   * policies.
   */
  private static boolean looksLikePolicy(Path f) throws IOException {
    // Only the head is read: a huge file in the tree must not be read whole (or as one endless
    // line).
    String head =
        new String(BoundedFiles.head(f, SNIFF_BYTES), java.nio.charset.StandardCharsets.UTF_8);
    return head.lines()
        .limit(50)
        .anyMatch(
            l ->
                l.strip().startsWith("apiVersion:")
                    && l.strip()
                        .substring("apiVersion:".length())
                        .strip()
                        .replaceFirst("^[\"']", "")
                        .startsWith("teepol.dev/"));
  }

  private static final int SNIFF_BYTES = 8 << 10;
}
