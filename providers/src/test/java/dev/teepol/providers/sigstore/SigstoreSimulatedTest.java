package dev.teepol.providers.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.sigstore.abi.Predicate;
import dev.teepol.providers.sigstore.sim.Defect;
import dev.teepol.providers.sigstore.sim.SimSigstore;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The test Sigstore instance signs releases with one defect at a time; each fails its check. */
class SigstoreSimulatedTest {
  static final SimSigstore SIM = new SimSigstore("sigstore-simulated-test");
  static final Instant SIGNED = Instant.parse("2026-03-01T12:00:00Z");
  static final String REPO = "teepol-test/enclave";
  static final String MEASUREMENT = "11".repeat(48);
  static final String RTMR1 = "22".repeat(48);
  static final String RTMR2 = "33".repeat(48);

  private final SigstoreProvider provider = new SigstoreProvider();

  static SimSigstore.Spec spec() {
    return new SimSigstore.Spec(
        REPO,
        "v1.2.3",
        "0123456789abcdef0123456789abcdef01234567",
        SIGNED,
        Predicate.TINFOIL_DEPLOYMENT,
        deployment(MEASUREMENT, RTMR1, RTMR2),
        "the deployment manifest".getBytes(StandardCharsets.UTF_8),
        Defect.NONE);
  }

  static JsonObject deployment(String snp, String rtmr1, String rtmr2) {
    return Json.createObjectBuilder()
        .add("snp_measurement", snp)
        .add("tdx_measurement", Json.createObjectBuilder().add("rtmr1", rtmr1).add("rtmr2", rtmr2))
        .build();
  }

  static AppraisalContext ctx(SimSigstore sim, Instant now) {
    return new AppraisalContext(
        Clock.fixed(now, ZoneOffset.UTC),
        TrustAnchors.defaults().withDocument(TrustAnchors.SIGSTORE_TRUSTED_ROOT, sim.trustedRoot()),
        CollateralSource.none(),
        Optional.empty(),
        Limits.DEFAULT);
  }

  VerifiedRelease verify(SimSigstore.Release r, List<ReleaseIdentity> ids) {
    return provider.verifyRelease(
        new ReleaseFolder("sim", r.bundle(), Optional.of(r.artifactSha256()), Optional.empty()),
        ids,
        ctx(SIM, SIGNED.plusSeconds(3600)));
  }

  static List<String> failing(VerifiedRelease r) {
    return r.checks().stream()
        .filter(c -> c.outcome() instanceof Outcome.Fail)
        .map(CheckResult::id)
        .toList();
  }

  static List<String> notPassing(VerifiedRelease r) {
    return r.checks().stream().filter(c -> !c.passed()).map(CheckResult::id).toList();
  }

  @Test
  void aWellFormedReleaseVerifiesEveryMaterial() {
    VerifiedRelease r = verify(SIM.sign(spec()), List.of(ReleaseIdentity.githubTag(REPO)));
    assertThat(notPassing(r)).as(r.checks().toString()).isEmpty();
    assertThat(r.verified()).isTrue();
    assertThat(r.deployment().orElseThrow().snpMeasurement()).isEqualTo(MEASUREMENT);
    assertThat(r.provenance())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.repository()).isEqualTo("https://github.com/" + REPO);
              assertThat(p.workflowRef())
                  .isEqualTo(".github/workflows/release.yml@refs/tags/v1.2.3");
              assertThat(p.verified()).isTrue();
            });
  }

  static final Map<Defect, String> FAILS =
      Map.ofEntries(
          Map.entry(Defect.UNTRUSTED_CA, SigstoreChecks.CERTIFICATE_CHAIN),
          Map.entry(Defect.NOT_CODE_SIGNING, SigstoreChecks.CERTIFICATE_CHAIN),
          Map.entry(Defect.SCT_BAD_SIGNATURE, SigstoreChecks.SCT),
          Map.entry(Defect.NO_SCT, SigstoreChecks.SCT),
          Map.entry(Defect.DSSE_BAD_SIGNATURE, SigstoreChecks.SIGNATURE),
          Map.entry(Defect.NOT_IN_TOTO, SigstoreChecks.STATEMENT),
          Map.entry(Defect.SET_BAD_SIGNATURE, SigstoreChecks.TLOG_SET),
          Map.entry(Defect.PROOF_BAD_HASH, SigstoreChecks.TLOG_INCLUSION),
          Map.entry(Defect.CHECKPOINT_BAD_SIGNATURE, SigstoreChecks.TLOG_CHECKPOINT),
          Map.entry(Defect.CHECKPOINT_OTHER_ROOT, SigstoreChecks.TLOG_CHECKPOINT),
          Map.entry(Defect.NO_CHECKPOINT, SigstoreChecks.TLOG_CHECKPOINT),
          Map.entry(Defect.CHECKPOINT_OTHER_NAME, SigstoreChecks.TLOG_CHECKPOINT),
          Map.entry(Defect.BODY_OTHER_PAYLOAD, SigstoreChecks.TLOG_BODY),
          Map.entry(Defect.BODY_OTHER_CERTIFICATE, SigstoreChecks.TLOG_BODY),
          Map.entry(Defect.BODY_OTHER_SIGNATURE, SigstoreChecks.TLOG_BODY),
          Map.entry(Defect.LOGGED_AFTER_EXPIRY, SigstoreChecks.CERTIFICATE_TIME),
          Map.entry(Defect.UNKNOWN_LOG, SigstoreChecks.TLOG_ENTRY),
          Map.entry(Defect.NO_TLOG_ENTRY, SigstoreChecks.TLOG_ENTRY),
          Map.entry(Defect.OTHER_SUBJECT, SigstoreChecks.SUBJECT_DIGEST));

  /** Defects that leave a check UNEVALUABLE instead of failing one: they deny all the same. */
  static final Map<Defect, String> UNEVALUABLE =
      Map.of(
          Defect.NO_SET,
          SigstoreChecks.TLOG_SET,
          Defect.RFC3161_TIMESTAMP,
          SigstoreChecks.TIMESTAMP);

  @ParameterizedTest
  @EnumSource(value = Defect.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
  void eachDefectFailsExactlyItsCheck(Defect d) {
    VerifiedRelease r = verify(SIM.sign(spec().with(d)), List.of(ReleaseIdentity.githubTag(REPO)));
    assertThat(r.verified()).isFalse();
    if (FAILS.containsKey(d)) {
      assertThat(failing(r)).as(d + ": " + r.checks()).containsExactly(FAILS.get(d));
    } else {
      assertThat(failing(r)).as(d + ": " + r.checks()).isEmpty();
      assertThat(notPassing(r)).as(d.toString()).contains(UNEVALUABLE.get(d));
    }
    assertThat(r.provenance()).allSatisfy(p -> assertThat(p.verified()).isFalse());
  }

  @Test
  void aBadSetFailsEvenBesideAValidInclusionProof() {
    VerifiedRelease r = verify(SIM.sign(spec().with(Defect.SET_BAD_SIGNATURE)), List.of());
    assertThat(r.checks())
        .filteredOn(c -> c.id().equals(SigstoreChecks.TLOG_INCLUSION))
        .allMatch(CheckResult::passed);
    assertThat(failing(r)).containsExactly(SigstoreChecks.TLOG_SET);
  }

  @Test
  void everyTlogEntryIsCheckedNotOnlyTheFirst() {
    JsonObject good = parse(SIM.sign(spec()).bundle());
    JsonObject bad = parse(SIM.sign(spec().with(Defect.SET_BAD_SIGNATURE)).bundle());
    JsonObject vm = good.getJsonObject("verificationMaterial");
    JsonObjectBuilder twoEntries =
        Json.createObjectBuilder(vm)
            .add(
                "tlogEntries",
                Json.createArrayBuilder()
                    .add(vm.getJsonArray("tlogEntries").get(0))
                    .add(
                        bad.getJsonObject("verificationMaterial")
                            .getJsonArray("tlogEntries")
                            .get(0)));
    byte[] bundle =
        Json.createObjectBuilder(good)
            .add("verificationMaterial", twoEntries)
            .build()
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    VerifiedRelease r =
        verify(
            new SimSigstore.Release(bundle, SIM.sign(spec()).artifactSha256(), SIM.trustedRoot()),
            List.of());
    assertThat(failing(r)).containsExactly(SigstoreChecks.TLOG_SET);
  }

  @Test
  void aV01BundleWithOnlyASignedEntryTimestampAndAChainVerifies() {
    JsonObject b = parse(SIM.sign(spec()).bundle());
    JsonObject vm = b.getJsonObject("verificationMaterial");
    JsonObject entry = vm.getJsonArray("tlogEntries").getJsonObject(0);
    JsonObjectBuilder e = Json.createObjectBuilder(entry).remove("inclusionProof");
    JsonObjectBuilder v =
        Json.createObjectBuilder()
            .add("tlogEntries", Json.createArrayBuilder().add(e))
            .add(
                "x509CertificateChain",
                Json.createObjectBuilder()
                    .add(
                        "certificates",
                        Json.createArrayBuilder().add(vm.getJsonObject("certificate"))));
    byte[] v01 =
        Json.createObjectBuilder(b)
            .add("mediaType", "application/vnd.dev.sigstore.bundle+json;version=0.1")
            .add("verificationMaterial", v)
            .build()
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    VerifiedRelease r =
        verify(
            new SimSigstore.Release(v01, SIM.sign(spec()).artifactSha256(), SIM.trustedRoot()),
            List.of());
    assertThat(notPassing(r)).as(r.checks().toString()).isEmpty();
    // A v0.2 bundle must carry an inclusion proof: the same bundle declared v0.2 does not decode.
    byte[] v02 =
        new String(v01, StandardCharsets.UTF_8)
            .replace("version=0.1", "version=0.2")
            .getBytes(StandardCharsets.UTF_8);
    VerifiedRelease r2 =
        verify(
            new SimSigstore.Release(v02, SIM.sign(spec()).artifactSha256(), SIM.trustedRoot()),
            List.of());
    assertThat(failing(r2)).containsExactly(SigstoreChecks.PARSE);
  }

  @Test
  void theSignerMustBeAPinnedIdentityWhenOneIsPinned() {
    VerifiedRelease r =
        verify(SIM.sign(spec()), List.of(ReleaseIdentity.githubTag("teepol-test/other")));
    assertThat(failing(r)).containsExactly(SigstoreChecks.IDENTITY);
    // A repository whose name extends the pinned one is another repository.
    VerifiedRelease prefix =
        verify(SIM.sign(spec()), List.of(ReleaseIdentity.githubTag("teepol-test/enc")));
    assertThat(failing(prefix)).containsExactly(SigstoreChecks.IDENTITY);
  }

  @Test
  void aReleaseFolderCannotBringItsOwnTrustedRoot(@TempDir Path tmp) throws Exception {
    SimSigstore forger = new SimSigstore("a forger's own sigstore");
    Path dir = forger.sign(spec()).writeTo(tmp.resolve("forged"));
    // Verified against the real instance's root: the forger's trusted_root.json beside the bundle
    // changes nothing, and says so.
    VerifiedRelease r =
        provider.verifyRelease(
            ReleaseFolder.read(dir, Limits.DEFAULT), List.of(), ctx(SIM, SIGNED.plusSeconds(60)));
    assertThat(failing(r)).containsExactly(SigstoreChecks.TRUSTED_ROOT);
  }

  @Test
  void theBundleIsJudgedAtTheLogsTimeNotAtTheVerificationTime() {
    // The leaf expired ten minutes after signing; a year later the release still verifies.
    VerifiedRelease r =
        provider.verifyRelease(
            new ReleaseFolder("sim", SIM.sign(spec()).bundle(), Optional.empty(), Optional.empty()),
            List.of(),
            ctx(SIM, SIGNED.plusSeconds(365L * 24 * 3600)));
    assertThat(notPassing(r)).isEmpty();
    // ...but not before it was logged.
    VerifiedRelease early =
        provider.verifyRelease(
            new ReleaseFolder("sim", SIM.sign(spec()).bundle(), Optional.empty(), Optional.empty()),
            List.of(),
            ctx(SIM, SIGNED.minusSeconds(3600)));
    assertThat(failing(early)).containsExactly(SigstoreChecks.CERTIFICATE_TIME);
  }

  @Test
  void aVerifiedReleaseIsRememberedOnlyForWhatItWasVerifiedWith() {
    SimSigstore.Release rel = SIM.sign(spec());
    ReleaseFolder f =
        new ReleaseFolder("a", rel.bundle(), Optional.of(rel.artifactSha256()), Optional.empty());
    List<ReleaseIdentity> pinned = List.of(ReleaseIdentity.githubTag(REPO));
    assertThat(provider.verifyRelease(f, pinned, ctx(SIM, SIGNED.plusSeconds(60))).verified())
        .isTrue();
    // The same bundle under another pin, another root or an earlier clock is judged again.
    assertThat(
            failing(
                provider.verifyRelease(
                    f,
                    List.of(ReleaseIdentity.githubTag("x/y")),
                    ctx(SIM, SIGNED.plusSeconds(60)))))
        .containsExactly(SigstoreChecks.IDENTITY);
    assertThat(
            failing(
                provider.verifyRelease(
                    f, pinned, ctx(new SimSigstore("another instance"), SIGNED.plusSeconds(60)))))
        .isNotEmpty();
    assertThat(failing(provider.verifyRelease(f, pinned, ctx(SIM, SIGNED.minusSeconds(60)))))
        .containsExactly(SigstoreChecks.CERTIFICATE_TIME);
    VerifiedRelease again =
        provider.verifyRelease(
            new ReleaseFolder(
                "b", rel.bundle(), Optional.of(rel.artifactSha256()), Optional.empty()),
            pinned,
            ctx(SIM, SIGNED.plusSeconds(7200)));
    assertThat(again.verified()).isTrue();
    assertThat(again.name()).isEqualTo("b");
  }

  static JsonObject parse(byte[] b) {
    return Json.createReader(new StringReader(new String(b, StandardCharsets.UTF_8))).readObject();
  }
}
