package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import dev.teepol.providers.sigstore.abi.Predicate;
import dev.teepol.providers.sigstore.sim.Defect;
import dev.teepol.providers.sigstore.sim.SimSigstore;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code teepol verify --release DIR}: a release alone, and releases beside Tinfoil evidence. */
class ReleaseCliTest {
  @TempDir Path tmp;

  static final String PINS_THE_ROUTER =
      """
      apiVersion: teepol.dev/v1
      kind: TrustPolicy
      metadata: {name: router-release}
      spec:
        tcb: {appliesTo: [tpm]}
        rules:
          - name: signed-router
            expression: >-
              evidence.provenance.exists(p, p.verified
                && p.repository == 'https://github.com/tinfoilsh/confidential-model-router'
                && p.issuer == 'https://token.actions.githubusercontent.com')
      """;

  @Test
  void aReleaseAloneIsVerifiedAndAPolicyPinsItsRepository() throws Exception {
    Path release = CorpusConformanceTest.corpus().resolve("sigstore/tinfoil-model-router-release");
    Path policy = Files.writeString(tmp.resolve("router.yaml"), PINS_THE_ROUTER);
    CliRun r =
        CliRun.real(
            "verify",
            "--release",
            release.toString(),
            "--at",
            "2026-06-29T00:00:00Z",
            "--policy",
            policy.toString(),
            "--format",
            "json");
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.ALLOW);
    JsonObject o = VerifyCommandTest.parse(r.out());
    assertThat(o.toString()).contains("\"verified\":true", "sigstore.tlog.checkpoint");
    // The same release, pinned to another signer, is denied and says which check.
    CliRun other =
        CliRun.real(
            "verify",
            "--release",
            release.toString(),
            "--release-repo",
            "tinfoilsh/other",
            "--at",
            "2026-06-29T00:00:00Z",
            "--policy",
            policy.toString());
    assertThat(other.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(other.out()).contains("sigstore.identity");
  }

  @Test
  void aReleaseFolderThatIsNotOneIsAOneLineError() throws Exception {
    CliRun r = CliRun.real("verify", "--release", tmp.toString(), "--at", "2026-06-29T00:00:00Z");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.err()).contains("--release", "bundle.sigstore.json");
    CliRun none = CliRun.real("verify");
    assertThat(none.exitCode()).isEqualTo(ExitCodes.INPUT);
  }

  @Test
  void tinfoilEvidenceIsJudgedAgainstItsReleasesWithATestSigstoreRoot() throws Exception {
    Path tdx = CorpusConformanceTest.corpus().resolve("tdx/tinfoil-tdx-v4-attestation-doc");
    JsonObject regs =
        CorpusConformanceTest.readJson(tdx.resolve("expected.json"))
            .getJsonObject("source_asserted")
            .getJsonObject("measurement_registers");
    Instant at = Instant.parse("2026-01-27T15:54:59Z");
    SimSigstore sim = new SimSigstore("release-cli-test");
    Path root = Files.write(tmp.resolve("test_trusted_root.json"), sim.trustedRoot());
    Path router =
        sim.sign(
                spec(
                    "test/router",
                    Predicate.TINFOIL_DEPLOYMENT,
                    Json.createObjectBuilder()
                        .add("snp_measurement", "00".repeat(48))
                        .add(
                            "tdx_measurement",
                            Json.createObjectBuilder()
                                .add("rtmr1", regs.getString("rtmr1"))
                                .add("rtmr2", regs.getString("rtmr2")))
                        .build(),
                    at))
            .writeTo(tmp.resolve("router"));
    Path hw =
        sim.sign(
                spec(
                    "test/hw",
                    Predicate.TINFOIL_HARDWARE,
                    Json.createObjectBuilder()
                        .add(
                            "p",
                            Json.createObjectBuilder()
                                .add("mrtd", regs.getString("mrtd"))
                                .add("rtmr0", regs.getString("rtmr0")))
                        .build(),
                    at))
            .writeTo(tmp.resolve("hw"));
    String[] base = {
      "verify",
      tdx.resolve("tinfoil_attestation.json").toString(),
      "--collateral",
      tdx.resolve("collateral").toString(),
      "--trust-anchor",
      root.toString(),
      "--at",
      at.toString(),
      "--release",
      router.toString(),
      "--release",
      hw.toString(),
    };
    CliRun ok =
        CliRun.real(concat(base, "--release-repo", "test/router", "--release-repo", "test/hw"));
    assertThat(ok.exitCode()).as(ok.out() + ok.err()).isEqualTo(ExitCodes.ALLOW);
    assertThat(ok.out())
        .contains("tinfoil.registers.rtmr1_rtmr2", "release.router:sigstore.tlog.set");
    // Without a pinned signer the same releases vouch for nothing.
    CliRun unpinned = CliRun.real(base);
    assertThat(unpinned.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(unpinned.out()).contains("tinfoil.release.deployment").contains("--release-repo");
  }

  static SimSigstore.Spec spec(String repo, String type, JsonObject predicate, Instant at) {
    return new SimSigstore.Spec(
        repo,
        "v1",
        "ab".repeat(20),
        at.minusSeconds(86400),
        type,
        predicate,
        repo.getBytes(StandardCharsets.UTF_8),
        Defect.NONE);
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static String hex(byte[] b) {
    return Hex.of(b);
  }
}
