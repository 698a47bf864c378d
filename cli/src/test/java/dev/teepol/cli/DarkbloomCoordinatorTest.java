package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.providers.confidentialspace.sim.SimCs;
import dev.teepol.providers.confidentialspace.sim.SimCsToken;
import dev.teepol.providers.sevsnp.sim.AmdTestPki;
import dev.teepol.providers.sevsnp.sim.SimSnp;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.VerifyOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Darkbloom coordinator end to end: {@code teepol verify TOKEN --release DIR} with
 * darkbloom-coordinator.yaml on the project's simulated evidence (Confidential Space tokens under
 * the test root, releases signed by the test Sigstore instance, a simulated SEV-SNP report under
 * the test AMD PKI). ALLOW for the released image on TDX; DENY naming the failing check for each
 * way of not being it.
 */
class DarkbloomCoordinatorTest {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final Path CS = EXAMPLES.resolve("confidentialspace");
  static final Path POLICY = EXAMPLES.resolve("policies/darkbloom-coordinator.yaml");

  static CliRun verify(Path token, Path release) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify",
                token.toString(),
                "--trust-anchor",
                CS.resolve("root_ca.der").toString(),
                "--trust-anchor",
                CS.resolve("darkbloom/sigstore_trusted_root.json").toString(),
                "--at",
                SimCsToken.verifyAt().toString(),
                "--audience",
                SimCs.AUDIENCE,
                "--nonce-text",
                SimCs.NONCE,
                "--policy",
                POLICY.toString()));
    if (release != null) {
      args.add("--release");
      args.add(release.toString());
    }
    return CliRun.real(args.toArray(String[]::new));
  }

  /** The lines of the text report that start with a failing or unevaluable mark. */
  static List<String> notPassed(CliRun r) {
    return r.out()
        .lines()
        .map(String::strip)
        .filter(l -> l.startsWith("✗") || l.startsWith("?"))
        .toList();
  }

  @Test
  void theCoordinatorsTokenWithTheReleaseOfItsImageIsAllowed() {
    CliRun r = verify(CS.resolve("token.jwt"), CS.resolve("darkbloom/release"));
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.ALLOW);
    assertThat(r.out())
        .contains("policy.workload.image_provenance", "provenance[0].verified  true")
        .contains(SimCs.IMAGE_DIGEST);
  }

  @Test
  void eachWayOfNotBeingTheReleasedCoordinatorOnTdxIsDeniedNamingItsCheck() {
    record Case(String token, String release, String failing, String reason) {}
    for (Case c :
        List.of(
            new Case(
                "broken/other-image/token.jwt",
                "darkbloom/release",
                "policy.workload.image_provenance",
                "is the subject of no provenance"),
            new Case(
                "token.jwt",
                "darkbloom/release-unsigned",
                "release.release-unsigned:sigstore.signature",
                ""),
            new Case(
                "token.jwt",
                "darkbloom/release-other-repo",
                "policy.workload.image_provenance",
                "someone-else/coordinator"),
            new Case("token.jwt", null, "policy.workload.image_provenance", "--release"),
            new Case(
                "broken/debug-image/token.jwt",
                "darkbloom/release",
                "policy.platform.not_debug",
                "debug mode"),
            new Case(
                "broken/sev/token.jwt",
                "darkbloom/release",
                "policy.substrate.tee",
                "claims Intel TDX, evidence is AMD SEV"))) {
      CliRun r =
          verify(CS.resolve(c.token()), c.release() == null ? null : CS.resolve(c.release()));
      assertThat(r.exitCode()).as(c.toString()).isEqualTo(ExitCodes.DENY);
      assertThat(notPassed(r))
          .as(c + "\n" + r.out())
          .anySatisfy(l -> assertThat(l).contains(c.failing()).contains(c.reason()));
    }
  }

  @Test
  void sevSnpEvidenceWithTheSameReleaseIsDeniedOnItsSubstrate(@TempDir Path dir) throws Exception {
    SimSnp.Output snp = SimSnp.builder().build();
    snp.writeTo(dir);
    Path report = dir.resolve("report.bin");
    Files.write(report, snp.report());
    TeepolVerifier.Builder b =
        TeepolVerifier.builder()
            .policy(POLICY)
            .clock(Clock.fixed(SimSnp.VERIFY_AT, ZoneOffset.UTC))
            .amdCertificates(dir)
            .trustAnchor(CS.resolve("darkbloom/sigstore_trusted_root.json"));
    for (var p : dev.teepol.providers.sevsnp.abi.Product.values()) {
      b.trustAnchor(AmdTestPki.get().ark(p).cert());
    }
    try (TeepolVerifier v = b.build()) {
      VerificationResult r =
          v.verify(
              report,
              VerifyOptions.builder()
                  .release(CS.resolve("darkbloom/release"))
                  .nonce(SimCs.NONCE.getBytes(StandardCharsets.UTF_8))
                  .build());
      assertThat(r.provider()).isEqualTo("sev-snp");
      assertThat(r.decision()).isEqualTo(Decision.DENY);
      assertThat(r.checks())
          .filteredOn(c -> c.id().startsWith("sev-snp.") || c.id().startsWith("release."))
          .filteredOn(c -> !c.id().equals("sev-snp.report_data.nonce"))
          .as("the report and the release are genuine")
          .allMatch(CheckResult::passed);
      assertThat(r.checks())
          .filteredOn(c -> c.id().equals("policy.substrate.tee"))
          .singleElement()
          .satisfies(
              c ->
                  assertThat(c.explanation())
                      .isEqualTo("claims Intel TDX, evidence is AMD SEV-SNP"));
      // A report carries no image digest: the released image cannot be the one running.
      assertThat(r.checks())
          .filteredOn(c -> c.id().equals("policy.workload.image_provenance"))
          .singleElement()
          .satisfies(c -> assertThat(c.passed()).isFalse());
    }
  }
}
