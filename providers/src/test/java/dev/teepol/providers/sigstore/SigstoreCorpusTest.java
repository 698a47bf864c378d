package dev.teepol.providers.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.Provenance;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.sigstore.abi.Predicate;
import dev.teepol.providers.testsupport.Corpus;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real GitHub attestations of the corpus, each checked against its builder's cross-check. */
class SigstoreCorpusTest {
  private final SigstoreProvider provider = new SigstoreProvider();

  static AppraisalContext at(Instant t) {
    return AppraisalContext.offline(Clock.fixed(t, ZoneOffset.UTC));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tinfoil-model-router-release", "tinfoil-hardware-measurements-release"})
  void everyCorpusReleaseVerifiesWithItsIdentity(String name) throws Exception {
    Path dir = Corpus.caseDir("sigstore", name);
    JsonObject bc = Corpus.expected(dir).getJsonObject("builder_computed");
    Instant verifyAt = Instant.parse(Corpus.expected(dir).getString("verify_at"));
    String repo = bc.getJsonObject("fulcio_extensions").getString("1.3.6.1.4.1.57264.1.5");
    VerifiedRelease r =
        provider.verifyRelease(
            ReleaseFolder.read(dir, dev.teepol.core.limits.Limits.DEFAULT),
            List.of(ReleaseIdentity.githubTag(repo)),
            at(verifyAt.plusSeconds(3600)));
    assertThat(r.checks())
        .allSatisfy(c -> assertThat(c.passed()).as(c.id() + " " + c.explanation()).isTrue());
    assertThat(r.verified()).isTrue();
    assertThat(r.checks().stream().map(CheckResult::id))
        .contains(
            SigstoreChecks.CERTIFICATE_CHAIN,
            SigstoreChecks.SCT,
            SigstoreChecks.SIGNATURE,
            SigstoreChecks.TLOG_SET,
            SigstoreChecks.TLOG_INCLUSION,
            SigstoreChecks.TLOG_CHECKPOINT,
            SigstoreChecks.TLOG_BODY,
            SigstoreChecks.CERTIFICATE_TIME,
            SigstoreChecks.SUBJECT_DIGEST,
            SigstoreChecks.IDENTITY);
    assertThat(r.signedTime())
        .contains(Instant.ofEpochSecond(bc.getJsonNumber("integrated_time").longValue()));
    assertThat(r.identity().orElseThrow().san())
        .isEqualTo(bc.getJsonArray("leaf_san").getString(0));
    assertThat(r.statement().orElseThrow().predicateType())
        .isEqualTo(bc.getString("predicateType"));
    String digest =
        bc.getJsonArray("subject").getJsonObject(0).getJsonObject("digest").getString("sha256");
    Provenance p = r.provenance().get(0);
    assertThat(p.digest()).isEqualTo("sha256:" + digest);
    assertThat(p.verified()).isTrue();
    assertThat(p.repository())
        .isEqualTo(bc.getJsonObject("fulcio_extensions").getString("1.3.6.1.4.1.57264.1.12"));
    assertThat(p.commit())
        .isEqualTo(bc.getJsonObject("fulcio_extensions").getString("1.3.6.1.4.1.57264.1.13"));
    assertThat(p.issuer()).isEqualTo(ReleaseIdentity.GITHUB_ACTIONS);
    if (bc.getJsonObject("predicate_measurements").containsKey("snp_measurement")) {
      Predicate.TinfoilDeployment d = r.deployment().orElseThrow();
      JsonObject pm = bc.getJsonObject("predicate_measurements");
      assertThat(d.snpMeasurement()).isEqualTo(pm.getString("snp_measurement"));
      assertThat(d.rtmr1()).isEqualTo(pm.getJsonObject("tdx_measurement").getString("rtmr1"));
      assertThat(d.rtmr2()).isEqualTo(pm.getJsonObject("tdx_measurement").getString("rtmr2"));
    } else {
      assertThat(r.hardware().orElseThrow().profiles()).isNotEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tinfoil-model-router-release", "tinfoil-hardware-measurements-release"})
  void aReleaseOfAnotherRepositoryFailsOnlyTheIdentityCheck(String name) throws Exception {
    Path dir = Corpus.caseDir("sigstore", name);
    Instant verifyAt = Instant.parse(Corpus.expected(dir).getString("verify_at"));
    VerifiedRelease r =
        provider.verifyRelease(
            ReleaseFolder.read(dir, dev.teepol.core.limits.Limits.DEFAULT),
            List.of(ReleaseIdentity.githubTag("tinfoilsh/some-other-repo")),
            at(verifyAt));
    assertThat(r.verified()).isFalse();
    assertThat(r.checks().stream().filter(c -> !c.passed()).map(CheckResult::id))
        .containsExactly(SigstoreChecks.IDENTITY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tinfoil-model-router-release"})
  void theBareBundleIsSigstoreEvidenceWithProvenanceAndSignedReferenceValues(String name)
      throws Exception {
    Path dir = Corpus.caseDir("sigstore", name);
    Instant verifyAt = Instant.parse(Corpus.expected(dir).getString("verify_at"));
    Appraisal a =
        provider.appraise(
            dev.teepol.core.spi.EvidenceSource.read(
                dir.resolve("bundle.sigstore.json"), dev.teepol.core.limits.Limits.DEFAULT),
            at(verifyAt));
    assertThat(a.genuine()).isTrue();
    assertThat(a.evidence().kind()).isEqualTo("sigstore");
    assertThat(a.evidence().measurements().get("measurement")).hasSize(96);
    assertThat(a.evidence().bound().get("measurements.measurement").label()).isEqualTo("signature");
    assertThat(Hex.isHex(a.evidence().provenance().get(0).digest().substring(7))).isTrue();
  }
}
