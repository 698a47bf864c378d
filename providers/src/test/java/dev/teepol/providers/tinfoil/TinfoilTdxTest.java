package dev.teepol.providers.tinfoil;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.providers.sigstore.ReleaseFolder;
import dev.teepol.providers.sigstore.ReleaseIdentity;
import dev.teepol.providers.sigstore.ReleaseInputs;
import dev.teepol.providers.sigstore.abi.Predicate;
import dev.teepol.providers.sigstore.sim.Defect;
import dev.teepol.providers.sigstore.sim.SimSigstore;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import dev.teepol.providers.testsupport.Corpus;
import dev.teepol.providers.testsupport.StrictPolicy;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tinfoil on Intel TDX: simulated quotes in Tinfoil documents and the real one of the corpus,
 * against releases signed by the test Sigstore instance. The decision is builtin:strict's.
 */
class TinfoilTdxTest {
  static final SimSigstore SIGSTORE = new SimSigstore("tinfoil-tdx-test");
  static final Instant SIGNED = DcapSimulator.VERIFY_AT.minusSeconds(30L * 24 * 3600);
  static final String ROUTER = "teepol-test/router";
  static final String HARDWARE = "teepol-test/hardware-measurements";
  static final byte[] TLS = bytes(32, 0x0a);
  static final byte[] HPKE = bytes(32, 0x0b);
  static final byte[] MRTD = bytes(48, 0x01);
  static final byte[] RTMR0 = bytes(48, 0x02);
  static final byte[] RTMR1 = bytes(48, 0x03);
  static final byte[] RTMR2 = bytes(48, 0x04);

  @TempDir Path tmp;

  private final TinfoilProvider provider =
      Providers.load().byType(TinfoilProvider.class).orElseThrow();

  static byte[] bytes(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }

  static byte[] document(byte[] quote) throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(quote);
    }
    return Json.createObjectBuilder()
        .add("format", "https://tinfoil.sh/predicate/tdx-guest/v2")
        .add("body", Base64.getEncoder().encodeToString(gz.toByteArray()))
        .build()
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  static SimulatedDcap quote(byte[] rtmr3) {
    byte[] rd = new byte[64];
    System.arraycopy(TLS, 0, rd, 0, 32);
    System.arraycopy(HPKE, 0, rd, 32, 32);
    return DcapSimulator.builder()
        .mrTd(MRTD)
        .rtmr(0, RTMR0)
        .rtmr(1, RTMR1)
        .rtmr(2, RTMR2)
        .rtmr(3, rtmr3)
        .reportData(rd)
        .build()
        .generate();
  }

  static SimSigstore.Spec deployment(String repo, String rtmr1, String rtmr2) {
    JsonObject p =
        Json.createObjectBuilder()
            .add("snp_measurement", "55".repeat(48))
            .add(
                "tdx_measurement",
                Json.createObjectBuilder().add("rtmr1", rtmr1).add("rtmr2", rtmr2))
            .build();
    return new SimSigstore.Spec(
        repo,
        "v0.0.1",
        "aa".repeat(20),
        SIGNED,
        Predicate.TINFOIL_DEPLOYMENT,
        p,
        "deployment".getBytes(StandardCharsets.UTF_8),
        Defect.NONE);
  }

  static SimSigstore.Spec hardware(String mrtd, String rtmr0) {
    JsonObject p =
        Json.createObjectBuilder()
            .add(
                "small",
                Json.createObjectBuilder()
                    .add("mrtd", "99".repeat(48))
                    .add("rtmr0", "98".repeat(48)))
            .add("medium", Json.createObjectBuilder().add("mrtd", mrtd).add("rtmr0", rtmr0))
            .build();
    return new SimSigstore.Spec(
        HARDWARE,
        "v0.0.9",
        "bb".repeat(20),
        SIGNED,
        Predicate.TINFOIL_HARDWARE,
        p,
        "hardware".getBytes(StandardCharsets.UTF_8),
        Defect.NONE);
  }

  ReleaseFolder folder(String name, SimSigstore.Spec spec) throws Exception {
    return ReleaseFolder.read(SIGSTORE.sign(spec).writeTo(tmp.resolve(name)), Limits.DEFAULT);
  }

  Appraisal appraise(SimulatedDcap sim, ReleaseInputs releases, Optional<byte[]> nonce)
      throws Exception {
    Path dir = Files.createTempDirectory(tmp, "dcap");
    sim.writeTo(dir);
    AppraisalContext ctx =
        new AppraisalContext(
            Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC),
            TrustAnchors.defaults()
                .with(TrustAnchors.INTEL_SGX_ROOT, List.of(sim.root()))
                .withDocument(TrustAnchors.SIGSTORE_TRUSTED_ROOT, SIGSTORE.trustedRoot()),
            new DirectoryCollateralSource(dir.resolve("collateral"), Limits.DEFAULT),
            nonce,
            Limits.DEFAULT);
    return provider.appraise(
        new EvidenceSource("tinfoil_attestation.json", document(sim.quote())), releases, ctx);
  }

  ReleaseInputs matching() throws Exception {
    return new ReleaseInputs(
        List.of(
            folder("router", deployment(ROUTER, Hex.of(RTMR1), Hex.of(RTMR2))),
            folder("hardware", hardware(Hex.of(MRTD), Hex.of(RTMR0)))),
        List.of(ReleaseIdentity.githubTag(ROUTER), ReleaseIdentity.githubTag(HARDWARE)));
  }

  static List<String> notPassing(Appraisal a) {
    return StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).checks().stream()
        .filter(c -> !c.passed())
        .map(CheckResult::id)
        .toList();
  }

  @Test
  void anEnclaveWhoseRegistersEqualItsSignedReleasesIsAllowed() throws Exception {
    Appraisal a = appraise(quote(new byte[48]), matching(), Optional.empty());
    Verdict v = StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT);
    assertThat(notPassing(a)).isEmpty();
    assertThat(v.decision()).isEqualTo(Decision.ALLOW);
    assertThat(a.genuine()).isTrue();
    assertThat(a.evidence().kind()).isEqualTo("tinfoil");
    assertThat(a.evidence().platform().tee()).isEqualTo("tdx");
    assertThat(a.evidence().signers())
        .extracting(s -> s.addressOrKey())
        .containsExactly(Hex.of(TLS), Hex.of(HPKE));
    assertThat(a.evidence().signers())
        .allSatisfy(s -> assertThat(s.boundBy().label()).isEqualTo("hardware"));
    assertThat(a.evidence().provenance()).hasSize(2).allMatch(p -> p.verified());
    assertThat(a.check(TinfoilChecks.TDX_PROFILE).orElseThrow().detail()).contains("medium");
    assertThat(a.checks())
        .extracting(CheckResult::id)
        .contains("release.router:sigstore.tlog.set", "release.hardware:sigstore.identity");
  }

  @Test
  void aReleaseWhoseRtmr1DiffersDeniesThoughEverySignatureIsValid() throws Exception {
    ReleaseInputs r =
        new ReleaseInputs(
            List.of(
                folder("router", deployment(ROUTER, "77".repeat(48), Hex.of(RTMR2))),
                folder("hardware", hardware(Hex.of(MRTD), Hex.of(RTMR0)))),
            matching().identities());
    assertThat(notPassing(appraise(quote(new byte[48]), r, Optional.empty())))
        .containsExactly(TinfoilChecks.TDX_RTMR12);
  }

  @Test
  void aPlatformInNoHardwareProfileDenies() throws Exception {
    ReleaseInputs r =
        new ReleaseInputs(
            List.of(
                folder("router", deployment(ROUTER, Hex.of(RTMR1), Hex.of(RTMR2))),
                folder("hardware", hardware(Hex.of(MRTD), "76".repeat(48)))),
            matching().identities());
    assertThat(notPassing(appraise(quote(new byte[48]), r, Optional.empty())))
        .containsExactly(TinfoilChecks.TDX_PROFILE);
  }

  @Test
  void aNonZeroRtmr3Denies() throws Exception {
    assertThat(notPassing(appraise(quote(bytes(48, 0x05)), matching(), Optional.empty())))
        .containsExactly(TinfoilChecks.TDX_RTMR3);
  }

  @Test
  void withoutReleasesOrWithoutAPinnedSignerNothingVouchesForTheCode() throws Exception {
    assertThat(notPassing(appraise(quote(new byte[48]), ReleaseInputs.NONE, Optional.empty())))
        .contains(TinfoilChecks.DEPLOYMENT, TinfoilChecks.TDX_RTMR12, TinfoilChecks.TDX_PROFILE);
    ReleaseInputs unpinned = new ReleaseInputs(matching().folders(), List.of());
    Appraisal a = appraise(quote(new byte[48]), unpinned, Optional.empty());
    assertThat(notPassing(a)).containsExactly(TinfoilChecks.DEPLOYMENT);
    assertThat(a.check(TinfoilChecks.DEPLOYMENT).orElseThrow().explanation())
        .contains("--release-repo");
  }

  @Test
  void aDeploymentReleaseFromAnotherRepositoryIsNotTheDeployment() throws Exception {
    ReleaseInputs r =
        new ReleaseInputs(
            List.of(
                folder("router", deployment("attacker/router", Hex.of(RTMR1), Hex.of(RTMR2))),
                folder("hardware", hardware(Hex.of(MRTD), Hex.of(RTMR0)))),
            matching().identities());
    assertThat(notPassing(appraise(quote(new byte[48]), r, Optional.empty())))
        .containsExactlyInAnyOrder(
            "release.router:sigstore.identity", TinfoilChecks.DEPLOYMENT, TinfoilChecks.TDX_RTMR12);
  }

  @Test
  void anUnverifiedReleaseIsNeverComparedWith() throws Exception {
    ReleaseInputs r =
        new ReleaseInputs(
            List.of(
                folder(
                    "router",
                    deployment(ROUTER, Hex.of(RTMR1), Hex.of(RTMR2))
                        .with(Defect.SET_BAD_SIGNATURE)),
                folder("hardware", hardware(Hex.of(MRTD), Hex.of(RTMR0)))),
            matching().identities());
    Appraisal a = appraise(quote(new byte[48]), r, Optional.empty());
    assertThat(notPassing(a))
        .contains(
            "release.router:sigstore.tlog.set", TinfoilChecks.DEPLOYMENT, TinfoilChecks.TDX_RTMR12);
    assertThat(a.genuine()).isFalse();
  }

  @Test
  void aV2DocumentBindsNoNonceSoASuppliedOneFails() throws Exception {
    Appraisal a = appraise(quote(new byte[48]), matching(), Optional.of(bytes(32, 0x42)));
    assertThat(notPassing(a)).containsExactly(TinfoilChecks.NONCE);
    assertThat(a.evidence().nonce().matches()).isFalse();
  }

  @Test
  void theRealTinfoilTdxDocumentVerifiesAndIsJudgedAgainstSignedReleases() throws Exception {
    Path dir = Corpus.caseDir("tdx", "tinfoil-tdx-v4-attestation-doc");
    JsonObject expected = Corpus.expected(dir);
    JsonObject regs =
        expected.getJsonObject("source_asserted").getJsonObject("measurement_registers");
    Instant at = Instant.parse(expected.getString("verify_at"));
    SimSigstore.Spec dep = deployment(ROUTER, regs.getString("rtmr1"), regs.getString("rtmr2"));
    SimSigstore.Spec hw = hardware(regs.getString("mrtd"), regs.getString("rtmr0"));
    ReleaseInputs releases =
        new ReleaseInputs(
            List.of(folder("router", withTime(dep, at)), folder("hardware", withTime(hw, at))),
            matching().identities());
    AppraisalContext ctx =
        new AppraisalContext(
            Clock.fixed(at, ZoneOffset.UTC),
            TrustAnchors.defaults()
                .with(
                    TrustAnchors.INTEL_SGX_ROOT,
                    Certificates.parseAny(
                        Files.readAllBytes(dir.resolve("intel_sgx_root_ca.pem")), 1))
                .withDocument(TrustAnchors.SIGSTORE_TRUSTED_ROOT, SIGSTORE.trustedRoot()),
            (CollateralSource)
                new DirectoryCollateralSource(dir.resolve("collateral"), Limits.DEFAULT),
            Optional.empty(),
            Limits.DEFAULT);
    Appraisal a =
        provider.appraise(
            EvidenceSource.read(dir.resolve("tinfoil_attestation.json"), Limits.DEFAULT),
            releases,
            ctx);
    assertThat(
            StrictPolicy.evaluate(a, at).checks().stream()
                .filter(c -> !c.passed())
                .map(CheckResult::id)
                .toList())
        .isEmpty();
    JsonObject sa = expected.getJsonObject("source_asserted");
    assertThat(a.evidence().signers())
        .extracting(s -> s.addressOrKey())
        .containsExactly(sa.getString("tls_public_key_fp"), sa.getString("hpke_public_key"));
    assertThat(a.evidence().measurements().get("rtmr0")).isEqualTo(regs.getString("rtmr0"));

    // Tinfoil's own signed hardware profiles (v0.0.35) do not list this quote's RTMR0: with them,
    // the same quote is denied on the profile.
    Path hwCase = Corpus.caseDir("sigstore", "tinfoil-hardware-measurements-release");
    var real = ReleaseFolder.read(hwCase, Limits.DEFAULT);
    var profiles =
        Providers.load()
            .byType(dev.teepol.providers.sigstore.SigstoreProvider.class)
            .orElseThrow()
            .verifyRelease(
                real,
                List.of(ReleaseIdentity.githubTag("tinfoilsh/hardware-measurements")),
                AppraisalContext.offline(
                    Clock.fixed(Instant.parse("2026-06-29T00:00:00Z"), ZoneOffset.UTC)));
    assertThat(profiles.verified()).isTrue();
    assertThat(profiles.hardware().orElseThrow().profiles().values())
        .allMatch(p -> p.mrtd().equals(regs.getString("mrtd")))
        .noneMatch(p -> p.rtmr0().equals(regs.getString("rtmr0")));
  }

  static SimSigstore.Spec withTime(SimSigstore.Spec s, Instant verifyAt) {
    return new SimSigstore.Spec(
        s.repo(),
        s.tag(),
        s.commit(),
        verifyAt.minusSeconds(86400),
        s.predicateType(),
        s.predicate(),
        s.artifact(),
        s.defect());
  }
}
