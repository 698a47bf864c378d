package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.crypto.Certificates;
import dev.teepol.verifier.json.JsonOut;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
  @TempDir Path dir;

  private Path file(String name, byte[] content) throws Exception {
    return Files.write(dir.resolve(name), content);
  }

  @Test
  void allowExitsZeroAndPrintsEveryCheckMeasurementAndTcb() throws Exception {
    CliRun r =
        CliRun.fake(
            "verify", file("q.bin", FakeProvider.ALLOW).toString(), "--at", "2025-01-01T00:00:00Z");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.ALLOW);
    assertThat(r.out())
        .contains("✓ fake.parse", "✓ fake.signature", "✓ policy.tcb.status")
        .contains("mrtd", "ab".repeat(48), "report_data", "cd".repeat(64))
        .contains(
            "status:     UpToDate",
            "advisories: none",
            "2025-01-01T00:00:00Z .. 2025-02-01T00:00:00Z")
        .contains("decision: ALLOW")
        .doesNotContain("current time");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void denyExitsOneAndNamesTheFailingCheck() throws Exception {
    CliRun r =
        CliRun.fake("verify", file("q.bin", FakeProvider.DENY).toString(), "--at", "1735689600");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(r.out())
        .contains("✗ policy.tcb.status", "OutOfDate", "INTEL-SA-00001", "decision: DENY");
  }

  @Test
  void atAcceptsUnixSecondsAndIsTheOnlyClockTheProviderSees() throws Exception {
    CliRun r =
        CliRun.fake(
            "verify",
            file("q.bin", FakeProvider.ALLOW).toString(),
            "--at",
            "1735689600",
            "--format",
            "json");
    JsonObject doc = parse(r.out());
    assertThat(doc.getString("verified_at")).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(doc.getString("clock")).isEqualTo("--at");
    assertThat(doc.getJsonObject("evidence").getJsonObject("measurements").getString("at"))
        .isEqualTo("2025-01-01T00:00:00Z");
  }

  @Test
  void withoutAtTheWallClockIsUsedAndTheOutputSaysSo() throws Exception {
    CliRun r = CliRun.fake("verify", file("q.bin", FakeProvider.ALLOW).toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.ALLOW);
    assertThat(r.out()).contains("verified at:  " + CliRun.WALL, "the current time: no --at given");
  }

  @Test
  void jsonIsOneDocumentWithTheDocumentedKeys() throws Exception {
    CliRun r =
        CliRun.fake(
            "verify",
            file("q.bin", FakeProvider.DENY).toString(),
            "--at",
            "2025-01-01T00:00:00Z",
            "--format",
            "JSON");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    JsonObject doc = parse(r.out());
    assertThat(doc.keySet())
        .containsExactly(
            "schema",
            "input",
            "provider",
            "verified_at",
            "clock",
            "collateral_source",
            "trust_anchor",
            "decision",
            "genuine",
            "policy",
            "checks",
            "outputs",
            "evidence");
    assertThat(doc.getString("schema")).isEqualTo("teepol.dev/verdict/v2");
    assertThat(doc.getString("decision")).isEqualTo("DENY");
    assertThat(doc.getBoolean("genuine")).isTrue();
    JsonObject check = doc.getJsonArray("checks").getJsonObject(0);
    assertThat(check.keySet()).containsExactly("id", "category", "outcome", "reason", "source");
    JsonObject ev = doc.getJsonObject("evidence");
    // Exactly the model of docs/evidence-model.md (the names policies use), plus what reports add.
    assertThat(ev.keySet())
        .containsExactly(
            "subject",
            "kind",
            "platform",
            "measurements",
            "report_data",
            "workload",
            "kms",
            "signers",
            "gpus",
            "provenance",
            "nonce",
            "bound",
            "confidential_space",
            "mock",
            "tpm",
            "checks",
            "genuine",
            "components");
    assertThat(ev.getJsonObject("tpm").keySet())
        .containsExactly("ak", "quote", "boot", "gce", "cos", "events");
    assertThat(ev.getJsonObject("platform").keySet())
        .containsExactly("tee", "vendor", "debug", "tcb", "collateral", "td_attributes", "snp");
    assertThat(ev.getJsonObject("workload").keySet())
        .contains("app_id", "compose_hash", "os_image_hash", "instance_id", "image_digests");
    assertThat(ev.getJsonObject("kms").keySet()).containsExactly("provider", "root_key");
    assertThat(ev.getJsonObject("nonce").keySet()).containsExactly("expected", "matches", "state");
    JsonObject tcb = ev.getJsonObject("platform").getJsonObject("tcb");
    assertThat(tcb.getString("status")).isEqualTo("OutOfDate");
    assertThat(tcb.getJsonArray("advisory_ids").getString(0)).isEqualTo("INTEL-SA-00001");
    assertThat(ev.getJsonObject("platform").getJsonObject("collateral").getString("next_update"))
        .isEqualTo("2025-02-01T00:00:00Z");
  }

  @Test
  void theNonceStateIsInTheTextAndJsonReports() throws Exception {
    Path q = file("q.bin", FakeProvider.ALLOW);
    CliRun none = CliRun.fake("verify", q.toString(), "--at", "2025-01-01T00:00:00Z");
    assertThat(none.exitCode())
        .as("builtin:strict does not require a nonce")
        .isEqualTo(ExitCodes.ALLOW);
    assertThat(none.out()).contains("nonce:        not supplied");
    CliRun carried =
        CliRun.fake("verify", q.toString(), "--at", "2025-01-01T00:00:00Z", "--nonce", "cdcd");
    assertThat(carried.out()).contains("nonce:        matches (cdcd)");
    CliRun other =
        CliRun.fake(
            "verify",
            q.toString(),
            "--at",
            "2025-01-01T00:00:00Z",
            "--nonce",
            "abcd",
            "--format",
            "json");
    JsonObject nonce = parse(other.out()).getJsonObject("evidence").getJsonObject("nonce");
    assertThat(nonce.getString("state")).isEqualTo("differs");
    assertThat(nonce.getString("expected")).isEqualTo("abcd");
    CliRun noneJson =
        CliRun.fake("verify", q.toString(), "--at", "2025-01-01T00:00:00Z", "--format", "json");
    assertThat(
            parse(noneJson.out())
                .getJsonObject("evidence")
                .getJsonObject("nonce")
                .getString("state"))
        .isEqualTo("not_supplied");
  }

  @Test
  void aPolicyThatRequiresANonceDeniesWithoutOne() throws Exception {
    Path q = file("q.bin", FakeProvider.ALLOW);
    Path policy =
        Files.writeString(
            dir.resolve("fresh.yaml"),
            """
        apiVersion: teepol.dev/v1
        kind: TrustPolicy
        metadata: {name: fresh, version: 1}
        spec:
          freshness: {requireNonce: true}
        """);
    CliRun none =
        CliRun.fake(
            "verify", q.toString(), "--at", "2025-01-01T00:00:00Z", "--policy", policy.toString());
    assertThat(none.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(none.out())
        .contains("✗ policy.freshness.nonce", "no nonce supplied", "[" + policy + ":5:");
    CliRun other =
        CliRun.fake(
            "verify",
            q.toString(),
            "--at",
            "2025-01-01T00:00:00Z",
            "--policy",
            policy.toString(),
            "--nonce",
            "abcd");
    assertThat(other.exitCode()).isEqualTo(ExitCodes.DENY);
    CliRun carried =
        CliRun.fake(
            "verify",
            q.toString(),
            "--at",
            "2025-01-01T00:00:00Z",
            "--policy",
            policy.toString(),
            "--nonce",
            "cdcd");
    assertThat(carried.exitCode()).isEqualTo(ExitCodes.ALLOW);
  }

  @Test
  void undecodableEvidenceExitsTwoWithOneLineNamingFileFieldAndOffset() throws Exception {
    Path q = file("trunc.bin", FakeProvider.TRUNCATED);
    CliRun r = CliRun.fake("verify", q.toString(), "--at", "2025-01-01T00:00:00Z");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.errLines())
        .containsExactly("teepol: " + q + ": header.version at offset 4: needs 2 bytes, 0 left");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unreadableInputsExitTwoWithOneLine() throws Exception {
    Path q = file("q.bin", FakeProvider.ALLOW);
    assertOneLineError(
        CliRun.fake("verify", dir.resolve("missing.bin").toString()),
        dir.resolve("missing.bin") + ": no such file");
    assertOneLineError(
        CliRun.fake("verify", file("x.bin", new byte[] {1, 2, 3}).toString()),
        "not recognized as evidence of any provider (3 bytes, starting 0x010203) (providers: fake)");
    assertOneLineError(
        CliRun.fake("verify", q.toString(), "--at", "yesterday"),
        "teepol: --at: 'yesterday' is neither");
    assertOneLineError(
        CliRun.fake("verify", q.toString(), "--nonce", "abc"), "teepol: --nonce: not hex");
    assertOneLineError(
        CliRun.fake("verify", q.toString(), "--collateral", q.toString()), q + ": not a directory");
    assertOneLineError(
        CliRun.fake("verify", q.toString(), "--trust-anchor", q.toString()),
        "not a single X.509 certificate");
    assertOneLineError(
        CliRun.fake("verify", q.toString(), "--format", "xml"),
        "teepol: Invalid value for option '--format'");
    assertOneLineError(
        CliRun.fake("verify", q.toString(), "--bogus"), "teepol: Unknown option: '--bogus'");
    assertOneLineError(CliRun.fake("verify"), "teepol: Missing required parameter: 'EVIDENCE'");
    assertOneLineError(CliRun.fake(), "teepol: missing command");
  }

  @Test
  void optionsReachTheProvider() throws Exception {
    Path q = file("q.bin", FakeProvider.ALLOW);
    X509Certificate root = TestCerts.intelNamedRoot();
    Path anchor = Files.writeString(dir.resolve("root.pem"), TestCerts.pem(root));
    Path coll = Files.createDirectory(dir.resolve("coll"));
    CliRun r =
        CliRun.fake(
            "verify",
            q.toString(),
            "--at",
            "2025-01-01T00:00:00Z",
            "--nonce",
            "0xABCD",
            "--trust-anchor",
            anchor.toString(),
            "--collateral",
            coll.toString(),
            "--format",
            "json");
    JsonObject m = parse(r.out()).getJsonObject("evidence").getJsonObject("measurements");
    assertThat(m.getString("nonce")).isEqualTo("abcd");
    assertThat(m.getString("anchor")).isEqualTo(Certificates.sha256Hex(root));
    assertThat(m.getString("collateral")).isEqualTo("directory " + coll);
  }

  @Test
  void helpExplainsEveryOption() {
    CliRun top = CliRun.fake("--help");
    assertThat(top.exitCode()).isZero();
    assertThat(top.out()).contains("verify", "corpus", "Exit codes");
    CliRun r = CliRun.fake("verify", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains(
            "EVIDENCE",
            "--collateral=DIR",
            "--trust-anchor=[PURPOSE=]FILE",
            "--at=TIME",
            "--nonce=HEX",
            "--format=FORMAT",
            "text, json",
            "0   ALLOW",
            "1   DENY",
            "2   bad usage");
    assertThat(CliRun.fake("corpus", "run", "--help").out())
        .contains("DIR", "verify_at_unix", "SKIPPED");
  }

  @Test
  void versionNamesTheRelease() {
    CliRun r = CliRun.fake("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("teepol ").doesNotContain("${");
  }

  private static void assertOneLineError(CliRun r, String expected) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines().get(0)).startsWith("teepol: ").contains(expected);
    assertThat(r.err()).doesNotContain("\tat ", "Exception");
  }

  static JsonObject parse(String json) {
    try (var reader = JsonOut.JSON.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }
}
