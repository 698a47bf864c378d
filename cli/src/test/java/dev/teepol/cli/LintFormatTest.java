package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code teepol lint --format json|sarif}. */
class LintFormatTest {
  @TempDir Path tmp;

  private static final String WARNS =
      "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: w}\nspec:\n"
          + "  substrate: {tee: [tdx, mock]}\n";
  private static final String BROKEN =
      "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: b}\nspec:\n"
          + "  substrat: {tee: [tdx]}\n";

  private Path[] policies() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("policies"));
    return new Path[] {
      Files.writeString(dir.resolve("warn.yaml"), WARNS),
      Files.writeString(dir.resolve("broken.yaml"), BROKEN)
    };
  }

  @Test
  void jsonListsEveryDiagnosticWithItsPositionAndTheTotals() throws Exception {
    Path[] p = policies();
    CliRun r = CliRun.real("lint", "--format", "json", p[0].toString(), p[1].toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    JsonObject doc = VerifyCommandTest.parse(r.out());
    assertThat(doc.getString("schema")).isEqualTo("teepol.dev/lint/v1");
    assertThat(doc.getJsonArray("policies").getValuesAs(jakarta.json.JsonString.class))
        .extracting(jakarta.json.JsonString::getString)
        .containsExactly(p[0].toString(), p[1].toString());
    assertThat(doc.getInt("errors")).isEqualTo(1);
    // broken.yaml also has no substrate.tee claim
    assertThat(doc.getInt("warnings")).isEqualTo(2);
    JsonObject error =
        doc.getJsonArray("diagnostics").getValuesAs(JsonObject.class).stream()
            .filter(d -> d.getString("severity").equals("error"))
            .findFirst()
            .orElseThrow();
    assertThat(error.getString("file")).isEqualTo(p[1].toString());
    assertThat(List.of(error.getInt("line"), error.getInt("column"))).containsExactly(5, 3);
    assertThat(error.getString("message")).contains("unknown key 'substrat'");
    assertThat(error.getString("suggestion")).isEqualTo("substrate");
    assertThat(r.out()).doesNotContain("policies: ");
  }

  @Test
  void sarifIsAVersion210LogCodeScanningAccepts() throws Exception {
    Path[] p = policies();
    Path rel = Path.of("").toAbsolutePath().relativize(p[1].toAbsolutePath());
    CliRun r = CliRun.real("lint", "--format", "sarif", p[0].toString(), rel.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    JsonObject log = VerifyCommandTest.parse(r.out());
    assertThat(log.getString("version")).isEqualTo("2.1.0");
    assertThat(log.getString("$schema")).contains("sarif-2.1.0");
    JsonObject run = log.getJsonArray("runs").getJsonObject(0);
    JsonObject driver = run.getJsonObject("tool").getJsonObject("driver");
    assertThat(driver.getString("name")).isEqualTo("teepol");
    assertThat(driver.getString("version")).isNotBlank();
    JsonArray rules = driver.getJsonArray("rules");
    assertThat(rules.getValuesAs(JsonObject.class))
        .extracting(x -> x.getString("id"))
        .containsExactly("teepol/policy-error", "teepol/policy-warning");
    List<JsonObject> results = run.getJsonArray("results").getValuesAs(JsonObject.class);
    assertThat(results).hasSize(3);
    JsonObject warning = results.get(0);
    assertThat(warning.getString("ruleId")).isEqualTo("teepol/policy-warning");
    assertThat(warning.getInt("ruleIndex")).isEqualTo(1);
    assertThat(warning.getString("level")).isEqualTo("warning");
    assertThat(warning.getJsonObject("message").getString("text")).contains("mock attester");
    JsonObject error = results.get(1);
    assertThat(error.getString("level")).isEqualTo("error");
    assertThat(error.getJsonObject("message").getString("text"))
        .contains("unknown key 'substrat'", "did you mean 'substrate'?");
    JsonObject where =
        error.getJsonArray("locations").getJsonObject(0).getJsonObject("physicalLocation");
    // A relative path stays relative to the checkout, where code scanning resolves it.
    assertThat(where.getJsonObject("artifactLocation").getString("uri"))
        .isEqualTo(rel.toString().replace('\\', '/'));
    assertThat(where.getJsonObject("artifactLocation").getString("uriBaseId"))
        .isEqualTo("%SRCROOT%");
    assertThat(where.getJsonObject("region").getInt("startLine")).isEqualTo(5);
    assertThat(where.getJsonObject("region").getInt("startColumn")).isEqualTo(3);
    // An absolute path becomes a file: URI.
    JsonObject abs =
        warning.getJsonArray("locations").getJsonObject(0).getJsonObject("physicalLocation");
    assertThat(abs.getJsonObject("artifactLocation").getString("uri"))
        .isEqualTo(p[0].toUri().toString());
  }

  @Test
  void aCleanPolicyIsAnEmptySarifRunAndExitZero() {
    CliRun r = CliRun.real("lint", "--format", "sarif", "builtin:strict");
    assertThat(r.exitCode()).isZero();
    JsonObject run = VerifyCommandTest.parse(r.out()).getJsonArray("runs").getJsonObject(0);
    assertThat(run.getJsonArray("results")).isEmpty();
  }

  @Test
  void strictFailsOnWarningsInEveryFormat() throws Exception {
    Path warn = policies()[0];
    for (String f : new String[] {"text", "json", "sarif"}) {
      assertThat(CliRun.real("lint", "--format", f, warn.toString()).exitCode()).isZero();
      assertThat(CliRun.real("lint", "--strict", "--format", f, warn.toString()).exitCode())
          .isEqualTo(ExitCodes.DENY);
    }
  }
}
