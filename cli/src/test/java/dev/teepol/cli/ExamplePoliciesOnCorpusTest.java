package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.VerifyOptions;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The example policies on real evidence from ../shared/corpus where the same service is there (CI
 * only: skipped without the corpus, a failure without it under CI=true). Each expectation is what
 * the real evidence should get under that policy, with the reason spelled out.
 */
class ExamplePoliciesOnCorpusTest {
  static final Path POLICIES = Path.of("..", "examples", "policies");

  static Verdict run(String policy, Path evidence, Optional<Path> collateral) throws Exception {
    return run(policy, evidence, collateral, Optional.empty());
  }

  /**
   * Verification inputs come from the case's expected.json exactly as the corpus runner takes them.
   */
  static Verdict run(String policy, Path evidence, Optional<Path> collateral, Optional<Path> nras)
      throws Exception {
    Path caseDir = evidence.getParent();
    Instant at;
    Optional<String> nonce;
    Optional<String> audience;
    Optional<String> eatNonce;
    try (JsonReader r =
        Json.createReader(Files.newBufferedReader(caseDir.resolve("expected.json")))) {
      JsonObject o = r.readObject();
      at =
          o.containsKey("verify_at_unix")
              ? Instant.ofEpochSecond(o.getJsonNumber("verify_at_unix").longValue())
              : Instant.parse(o.getString("verify_at"));
      nonce = Optional.ofNullable(o.getString("request_nonce", null));
      audience = Optional.ofNullable(o.getString("expected_audience", null));
      eatNonce = Optional.ofNullable(o.getString("expected_eat_nonce", null));
    }
    Optional<Path> anchor =
        Optional.of(caseDir.resolve("intel_sgx_root_ca.der"))
            .filter(Files::exists)
            .or(() -> Optional.of(caseDir.resolve("intel_sgx_root_ca.pem")).filter(Files::exists));
    TeepolVerifier.Builder b =
        TeepolVerifier.builder()
            .policy(POLICIES.resolve(policy))
            .clock(Clock.fixed(at, ZoneOffset.UTC));
    collateral.ifPresent(b::collateralDirectory);
    anchor.ifPresent(b::trustAnchor);
    nras.ifPresent(b::nrasDirectory);
    VerifyOptions.Builder o = VerifyOptions.builder();
    nonce.ifPresent(n -> o.nonce(dev.teepol.core.bytes.Hex.decode(n)));
    audience.ifPresent(o::audience);
    eatNonce.ifPresent(n -> o.nonce(n.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    try (TeepolVerifier v = b.build()) {
      VerificationResult r = v.verify(evidence, o.build());
      assertThat(r.inputProblem()).isEmpty();
      return r.verdict();
    }
  }

  static Set<String> notPassed(Verdict v) {
    return v.checks().stream()
        .filter(c -> !c.passed())
        .map(CheckResult::id)
        .collect(Collectors.toSet());
  }

  @Test
  void dstackAppPolicyOnTheRealDstackLiteApp() throws Exception {
    Path dir = CorpusConformanceTest.corpus().resolve("dstack/dstack-tdx-lite-getquote");
    Verdict v = run("dstack-app.yaml", dir.resolve("tdx-lite-getquote.json"), Optional.empty());
    // Identity pins hold on the real app: app id, compose hash, OS image and KMS root are bound by
    // replay.
    for (String id :
        List.of(
            "policy.workload.app_id",
            "policy.workload.compose_hash",
            "policy.workload.os_image_hash",
            "policy.kms.root",
            "policy.substrate.tee",
            "policy.platform.not_debug")) {
      assertThat(v.checks())
          .filteredOn(c -> c.id().equals(id))
          .singleElement()
          .satisfies(
              c -> assertThat(c.outcome()).as(id + ": " + c.explanation()).isEqualTo(Outcome.PASS));
    }
    // The source ships no PCS collateral, so the TCB cannot be judged, and a GetQuote response
    // carries no app_compose text to hash: what is left undecided is exactly that, and nothing
    // FAILs.
    assertThat(v.decision()).isEqualTo(Decision.DENY);
    assertThat(v.checks()).filteredOn(c -> c.outcome() instanceof Outcome.Fail).isEmpty();
    assertThat(notPassed(v))
        .contains("policy.tcb.status", "tdx.collateral.tcb_info.signature")
        .allMatch(
            id ->
                id.startsWith("tdx.")
                    || id.startsWith("policy.tcb.")
                    || id.equals("dstack.compose_hash.app_compose"));
  }

  @Test
  void tinfoilPolicyOnTheRealTinfoilTdxQuote() throws Exception {
    Path dir = CorpusConformanceTest.corpus().resolve("tdx/tinfoil-tdx-v4-attestation-doc");
    Verdict v =
        run(
            "tinfoil-enclave.yaml",
            dir.resolve("quote.bin"),
            Optional.of(dir.resolve("collateral")));
    // Genuine and UpToDate, but its RTMR0 is from a hardware profile older than the signed list the
    // policy pins (CASE.md), and no Sigstore provenance came with a bare quote.
    assertThat(v.decision()).isEqualTo(Decision.DENY);
    assertThat(notPassed(v))
        .containsExactlyInAnyOrder("policy.measurements.bundle", "policy.rule.signed-release");
    assertThat(v.checks())
        .filteredOn(c -> c.id().equals("policy.measurements.bundle"))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.explanation())
                    .contains("closest is 'router-v0.0.110-tdx-")
                    .contains("rtmr0: expected"));
  }

  /**
   * The Tinfoil policy on the real end-to-end Tinfoil case: the SEV-SNP document, its supplied VCEK
   * chain and the signed router release, with the signer the client pins (policy_inputs).
   */
  @Test
  void tinfoilPolicyOnTheRealTinfoilEnclaveWithItsRelease() throws Exception {
    Path dir = CorpusConformanceTest.corpus().resolve("tinfoil/router-snp-genoa-with-release");
    JsonObject expected;
    try (JsonReader r = Json.createReader(Files.newBufferedReader(dir.resolve("expected.json")))) {
      expected = r.readObject();
    }
    JsonObject in = expected.getJsonObject("policy_inputs");
    TeepolVerifier.Builder b =
        TeepolVerifier.builder()
            .policy(POLICIES.resolve("tinfoil-enclave.yaml"))
            .amdCertificates(dir)
            .clock(
                Clock.fixed(
                    Instant.ofEpochSecond(expected.getJsonNumber("verify_at_unix").longValue()),
                    ZoneOffset.UTC));
    VerifyOptions o =
        VerifyOptions.builder()
            .release(dir.resolve("releases/model-router"))
            .releaseIdentity(
                dev.teepol.providers.sigstore.ReleaseIdentity.github(
                    in.getString("deployment_repo"),
                    in.getString("oidc_issuer"),
                    in.getString("san_pattern")))
            .build();
    try (TeepolVerifier v = b.build()) {
      VerificationResult r = v.verify(dir.resolve("tinfoil_attestation.json"), o);
      assertThat(notPassed(r.verdict())).isEmpty();
      assertThat(r.verdict().decision()).isEqualTo(Decision.ALLOW);
      // Without the release, the same enclave is denied: nothing vouches for its code.
      VerificationResult bare =
          v.verify(dir.resolve("tinfoil_attestation.json"), VerifyOptions.defaults());
      assertThat(notPassed(bare.verdict()))
          .containsExactlyInAnyOrder(
              "tinfoil.release.deployment",
              "tinfoil.registers.snp_measurement",
              "policy.rule.signed-release");
    }
  }

  @Test
  void nearPolicyOnTheRealDirectModelReport() throws Exception {
    Path dir = CorpusConformanceTest.corpus().resolve("near/near-direct-qwen35-20260629");
    Verdict v =
        run(
            "near-ai-qwen.yaml",
            dir.resolve("attestation_report.json.gz"),
            Optional.of(dir.resolve("collateral")),
            Optional.of(dir.resolve("nras")));
    // TDX UpToDate, pinned bundle, compose hash and KMS root bound, signer bound to report_data,
    // 8 GPUs attested by NRAS, the client's nonce carried: everything the policy asks holds.
    assertThat(notPassed(v)).isEmpty();
    assertThat(v.decision()).isEqualTo(Decision.ALLOW);
  }

  @Test
  void nearPolicyOnTheRealCloudReportDeniesTheOutOfDateGateway() throws Exception {
    Path dir =
        CorpusConformanceTest.corpus().resolve("near/near-cloud-qwen35-20260424-gateway-outofdate");
    Verdict v =
        run(
            "near-ai-qwen.yaml",
            dir.resolve("attestation_report.json.gz"),
            Optional.of(dir.resolve("collateral")),
            Optional.of(dir.resolve("nras")));
    // The model node passes; the gateway in front of it runs on an OutOfDate platform.
    assertThat(notPassed(v))
        .containsExactlyInAnyOrder("gateway:policy.tcb.status", "gateway:policy.tcb.advisories");
    assertThat(v.checks())
        .filteredOn(c -> c.id().equals("gateway:policy.tcb.advisories"))
        .singleElement()
        .satisfies(c -> assertThat(c.explanation()).contains("INTEL-SA-01036", "INTEL-SA-01111"));
  }

  /**
   * A genuine standalone GPU token: builtin:gpu allows it (the arch comes from the signed hwmodel,
   * the nonce is the request's), builtin:strict denies it (no CPU TEE), without the nonce gpu
   * denies.
   */
  @Test
  void aGenuineStandaloneGpuTokenIsAllowedByBuiltinGpu() throws Exception {
    Path dir = CorpusConformanceTest.corpus().resolve("nras/teep-tinfoil-gemma4-h100-eat");
    JsonObject o;
    try (JsonReader r = Json.createReader(Files.newBufferedReader(dir.resolve("expected.json")))) {
      o = r.readObject();
    }
    Instant at = Instant.ofEpochSecond(o.getJsonNumber("verify_at_unix").longValue());
    byte[] nonce = dev.teepol.core.bytes.Hex.decode(o.getString("request_nonce"));
    Path token = dir.resolve("nras_attest_gpu_response.json");
    for (String policy : List.of("builtin:gpu", "builtin:strict")) {
      try (TeepolVerifier v =
          TeepolVerifier.builder()
              .policy(policy)
              .clock(Clock.fixed(at, ZoneOffset.UTC))
              .nrasDirectory(dir)
              .build()) {
        VerificationResult fresh = v.verify(token, VerifyOptions.builder().nonce(nonce).build());
        assertThat(fresh.evidence().gpus())
            .singleElement()
            .satisfies(g -> assertThat(g.arch()).isEqualTo("HOPPER"));
        if (policy.equals("builtin:gpu")) {
          assertThat(fresh.decision())
              .as(notPassed(fresh.verdict()).toString())
              .isEqualTo(Decision.ALLOW);
          VerificationResult stale = v.verify(token, VerifyOptions.defaults());
          assertThat(notPassed(stale.verdict()))
              .contains("policy.freshness.nonce", "policy.substrate.gpu");
        } else {
          assertThat(fresh.decision()).isEqualTo(Decision.DENY);
          // No CPU TEE: strict's claim of a hardware TEE denies it (its TCB rules apply to TEEs
          // with a vendor TCB only).
          assertThat(notPassed(fresh.verdict())).containsExactly("policy.substrate.tee");
        }
      }
    }
  }

  /**
   * Issues 11 and 12, the Darkbloom case: the coordinator's policy claims Intel TDX and requires
   * the running image to be the coordinator's signed release. Real SEV-SNP evidence (a genuine,
   * UpToDate Genoa report) is denied by the substrate claim, with a message naming both TEEs, and
   * for carrying no image identity; a real UpToDate TDX quote is genuine but carries no image to
   * tie to a release; and the real production Confidential Space token on TDX, with the
   * coordinator's (simulated) release, is denied because its image is another one.
   */
  @Test
  void darkbloomCoordinatorDeniesRealEvidenceThatIsNotTheReleasedCoordinatorOnTdx()
      throws Exception {
    Set<String> noImage =
        Set.of(
            "policy.workload.image_provenance",
            "policy.rule.confidential-space",
            "policy.rule.production-image",
            "policy.freshness.nonce");
    Path snp = CorpusConformanceTest.corpus().resolve("sev-snp/teep-tinfoil-genoa-v3-capture");
    Instant at;
    try (JsonReader r = Json.createReader(Files.newBufferedReader(snp.resolve("expected.json")))) {
      at = Instant.parse(r.readObject().getString("verify_at"));
    }
    try (TeepolVerifier v =
        TeepolVerifier.builder()
            .policy(POLICIES.resolve("darkbloom-coordinator.yaml"))
            .clock(Clock.fixed(at, ZoneOffset.UTC))
            .amdCertificates(snp)
            .build()) {
      VerificationResult r = v.verify(snp.resolve("report.bin"), VerifyOptions.defaults());
      assertThat(r.appraisal().genuine()).as(r.checks().toString()).isTrue();
      assertThat(r.decision()).isEqualTo(Decision.DENY);
      Set<String> want = new java.util.HashSet<>(noImage);
      want.add("policy.substrate.tee");
      assertThat(notPassed(r.verdict())).isEqualTo(want);
      assertThat(r.verdict().checks())
          .filteredOn(c -> c.id().equals("policy.substrate.tee"))
          .singleElement()
          .satisfies(
              c ->
                  assertThat(c.explanation())
                      .isEqualTo("claims Intel TDX, evidence is AMD SEV-SNP"));
    }
    Path tdx = CorpusConformanceTest.corpus().resolve("tdx/dcapqvl-tdx-v4-uptodate");
    Verdict quote =
        run(
            "darkbloom-coordinator.yaml",
            tdx.resolve("quote.bin"),
            Optional.of(tdx.resolve("collateral")));
    assertThat(quote.decision()).isEqualTo(Decision.DENY);
    assertThat(notPassed(quote)).isEqualTo(noImage);

    Path cs =
        CorpusConformanceTest.corpus().resolve("confidential-space/oak-ctf-sha2-intel-tdx-jwt");
    Path release = Path.of("..", "examples", "confidentialspace", "darkbloom");
    try (JsonReader r = Json.createReader(Files.newBufferedReader(cs.resolve("expected.json")))) {
      JsonObject e = r.readObject();
      try (TeepolVerifier v =
          TeepolVerifier.builder()
              .policy(POLICIES.resolve("darkbloom-coordinator.yaml"))
              .clock(Clock.fixed(Instant.parse(e.getString("verify_at")), ZoneOffset.UTC))
              .trustAnchor(release.resolve("sigstore_trusted_root.json"))
              .build()) {
        VerificationResult token =
            v.verify(
                cs.resolve("token.jwt"),
                VerifyOptions.builder()
                    .audience(e.getString("expected_audience"))
                    .nonce(
                        e.getString("expected_eat_nonce")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .release(release.resolve("release"))
                    .build());
        assertThat(token.appraisal().genuine()).isTrue();
        assertThat(notPassed(token.verdict())).containsExactly("policy.workload.image_provenance");
      }
    }
  }

  @Test
  void eigencomputePolicyAllowsTheRealProductionTdxToken() throws Exception {
    Path dir =
        CorpusConformanceTest.corpus().resolve("confidential-space/oak-ctf-sha2-intel-tdx-jwt");
    // With the audience and nonce the relying party asked for, against the embedded Google root:
    // genuine, TDX, production STABLE image, Google's verdict UpToDate, the pinned image, fresh.
    Verdict v = run("eigencompute-app.yaml", dir.resolve("token.jwt"), Optional.empty());
    assertThat(notPassed(v)).isEmpty();
    assertThat(v.decision()).isEqualTo(Decision.ALLOW);
  }

  @Test
  void eigencomputePolicyDeniesTheRealDebugSevTokenOnDebug() throws Exception {
    Path dir =
        CorpusConformanceTest.corpus().resolve("confidential-space/oak-gcp-amd-sev-valid-jwt");
    Verdict v = run("eigencompute-app.yaml", dir.resolve("token.jwt"), Optional.empty());
    // Genuine (every provider check passes), but a debug image on SEV with another image and no
    // STABLE support attribute; SEV tokens carry no TCB verdict.
    assertThat(v.decision()).isEqualTo(Decision.DENY);
    assertThat(v.checks())
        .filteredOn(c -> c.id().startsWith("confidential-space."))
        .allMatch(CheckResult::passed);
    assertThat(notPassed(v))
        .containsExactlyInAnyOrder(
            "policy.platform.not_debug",
            "policy.substrate.tee",
            "policy.tcb.status",
            "policy.workload.image_digest",
            "policy.rule.production-image");
    assertThat(v.checks())
        .filteredOn(c -> c.id().equals("policy.platform.not_debug"))
        .singleElement()
        .satisfies(c -> assertThat(c.explanation()).contains("debug"));
  }

  @Test
  void blindferenceTiersGivesTheRealTdxQuoteTier2() throws Exception {
    Path dir = CorpusConformanceTest.corpus().resolve("tdx/dcapqvl-tdx-v4-uptodate");
    JsonObject body;
    try (JsonReader r = Json.createReader(Files.newBufferedReader(dir.resolve("expected.json")))) {
      body =
          r.readObject()
              .getJsonObject("builder_computed")
              .getJsonObject("quote")
              .getJsonObject("body");
    }
    // The ICL's challenge is what this quote's report_data carries (the raw convention: the nonce
    // zero-padded to 64 bytes), so the node answers it.
    String reportData = body.getString("report_data");
    String nonce = reportData.replaceAll("(00)+$", "");
    Instant at;
    try (JsonReader r = Json.createReader(Files.newBufferedReader(dir.resolve("expected.json")))) {
      at = Instant.parse(r.readObject().getString("verify_at"));
    }
    try (TeepolVerifier v =
        TeepolVerifier.builder()
            .policy(POLICIES.resolve("blindference-tiers.yaml"))
            .clock(Clock.fixed(at, ZoneOffset.UTC))
            .collateralDirectory(dir.resolve("collateral"))
            .build()) {
      VerificationResult r =
          v.verify(
              dir.resolve("quote.bin"),
              VerifyOptions.builder().nonce(dev.teepol.core.bytes.Hex.decode(nonce)).build());
      assertThat(notPassed(r.verdict())).isEmpty();
      assertThat(r.verdict().outputs()).containsEntry("tier", 2L);
    }
  }
}
