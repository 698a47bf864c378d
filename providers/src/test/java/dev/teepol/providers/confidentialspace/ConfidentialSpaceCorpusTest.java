package dev.teepol.providers.confidentialspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.RelyingParty;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.providers.testsupport.Corpus;
import dev.teepol.providers.testsupport.StrictPolicy;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The two real Confidential Space tokens of the corpus, read in place, each at its verify_at with
 * the audience and eat_nonce the relying party asked for (expected.json), against the embedded
 * Confidential Space root only: the case folder's copy of the root plays no part.
 */
class ConfidentialSpaceCorpusTest {
  static final String TDX = "oak-ctf-sha2-intel-tdx-jwt";
  static final String SEV = "oak-gcp-amd-sev-valid-jwt";

  record Run(Appraisal appraisal, Verdict strict, JsonObject expected) {}

  static Run run(String name, boolean withAudience, boolean withNonce) throws Exception {
    Path dir = Corpus.caseDir("confidential-space", name);
    JsonObject expected = Corpus.expected(dir);
    Instant at = Instant.parse(expected.getString("verify_at"));
    AppraisalContext ctx =
        AppraisalContext.offline(Clock.fixed(at, ZoneOffset.UTC))
            .withRelyingParty(
                withAudience
                    ? RelyingParty.NONE.withAudience(expected.getString("expected_audience"))
                    : RelyingParty.NONE);
    if (withNonce) {
      ctx =
          ctx.withExpectedNonce(
              expected.getString("expected_eat_nonce").getBytes(StandardCharsets.UTF_8));
    }
    EvidenceSource src = EvidenceSource.read(dir.resolve("token.jwt"), Limits.DEFAULT);
    ConfidentialSpaceProvider p = new ConfidentialSpaceProvider();
    assertThat(p.recognizes(src, Limits.DEFAULT)).isTrue();
    Appraisal a = p.appraise(src, ctx);
    return new Run(a, StrictPolicy.evaluate(a, at), expected);
  }

  @Test
  void theProductionTdxTokenIsGenuineAndBuiltinStrictAllowsIt() throws Exception {
    Run r = run(TDX, true, true);
    assertThat(r.appraisal().checks()).allMatch(CheckResult::passed, "every provider check passes");
    assertThat(r.appraisal().genuine()).isEqualTo(r.expected().getBoolean("expected_genuine"));
    assertThat(r.strict().decision()).as(r.strict().checks().toString()).isEqualTo(Decision.ALLOW);
    var e = r.appraisal().evidence();
    assertThat(e.platform().tee()).isEqualTo("tdx");
    assertThat(e.platform().vendor()).isEqualTo("google");
    assertThat(e.platform().debug()).isFalse();
    assertThat(e.platform().tcb().status()).isEqualTo("UpToDate");
    assertThat(e.platform().tcb().tcbDate()).contains(Instant.parse("2024-03-13T00:00:00Z"));
    assertThat(e.workload().imageDigests())
        .containsExactly("sha256:e2e5e3672f416ac9ca71aa639abf86db0b713729a48c125a925af6c808b20b5d");
    assertThat(e.bound())
        .containsEntry("workload.image_digests", Binding.SIGNATURE)
        .containsEntry("platform.tcb", Binding.SIGNATURE);
    assertThat(e.confidentialSpace().supportAttributes()).contains("STABLE");
    assertThat(e.confidentialSpace().swname()).isEqualTo("CONFIDENTIAL_SPACE");
    assertThat(e.confidentialSpace().container().args()).containsExactly("/usr/local/bin/ctf_sha2");
    assertThat(e.confidentialSpace().gce().projectId()).isEqualTo("oak-examples-477357");
    assertThat(e.confidentialSpace().tokenType()).isEqualTo("pki");
    assertThat(e.nonce().matches()).isTrue();
  }

  @Test
  void theDebugSevTokenIsGenuineButBuiltinStrictDeniesItOnDebugAndSubstrate() throws Exception {
    Run r = run(SEV, true, true);
    assertThat(r.appraisal().checks()).allMatch(CheckResult::passed);
    assertThat(r.appraisal().genuine()).isTrue();
    assertThat(r.strict().decision()).isEqualTo(Decision.DENY);
    assertThat(failing(r.strict()))
        .contains(StrictPolicy.NOT_DEBUG, "policy.substrate.tee")
        .allMatch(id -> id.startsWith("policy."), "only policy checks: the token is genuine");
    assertThat(r.appraisal().evidence().platform().tee()).isEqualTo("sev");
    assertThat(r.appraisal().evidence().platform().debug()).isTrue();
  }

  @Test
  void withoutAnAudienceTheTokenIsNotAcceptedEvenThoughItIsGenuine() throws Exception {
    Run r = run(TDX, false, false);
    assertThat(r.appraisal().check(ConfidentialSpaceChecks.AUDIENCE).orElseThrow().outcome())
        .isInstanceOf(Outcome.Unevaluable.class);
    assertThat(r.appraisal().genuine()).isTrue();
    assertThat(r.strict().decision()).isEqualTo(Decision.DENY);
    assertThat(r.appraisal().check(ConfidentialSpaceChecks.NONCE)).isEmpty();
  }

  @Test
  void anotherAudienceOrNonceFails() throws Exception {
    Path dir = Corpus.caseDir("confidential-space", TDX);
    JsonObject expected = Corpus.expected(dir);
    Instant at = Instant.parse(expected.getString("verify_at"));
    AppraisalContext ctx =
        AppraisalContext.offline(Clock.fixed(at, ZoneOffset.UTC))
            .withRelyingParty(RelyingParty.NONE.withAudience("https://sts.googleapis.com"))
            .withExpectedNonce("another nonce entirely".getBytes(StandardCharsets.UTF_8));
    Appraisal a =
        new ConfidentialSpaceProvider()
            .appraise(EvidenceSource.read(dir.resolve("token.jwt"), Limits.DEFAULT), ctx);
    assertThat(a.check(ConfidentialSpaceChecks.AUDIENCE).orElseThrow().outcome())
        .isInstanceOf(Outcome.Fail.class);
    assertThat(a.check(ConfidentialSpaceChecks.NONCE).orElseThrow().outcome())
        .isInstanceOf(Outcome.Fail.class);
    assertThat(a.evidence().nonce().matches()).isFalse();
  }

  @Test
  void theTokenExpiresAnHourAfterIssue() throws Exception {
    Path dir = Corpus.caseDir("confidential-space", TDX);
    AppraisalContext ctx =
        AppraisalContext.offline(
            Clock.fixed(Instant.parse("2025-09-05T09:17:30Z"), ZoneOffset.UTC));
    Appraisal a =
        new ConfidentialSpaceProvider()
            .appraise(EvidenceSource.read(dir.resolve("token.jwt"), Limits.DEFAULT), ctx);
    assertThat(a.check(ConfidentialSpaceChecks.TIME).orElseThrow().explanation())
        .contains("expired");
  }

  @Test
  void theRootInTheCaseFolderIsTheEmbeddedOne() throws Exception {
    Path dir = Corpus.caseDir("confidential-space", TDX);
    byte[] pem = Files.readAllBytes(dir.resolve("confidential_space_root.pem"));
    var cert = dev.teepol.core.crypto.Certificates.parseAny(pem, 1).get(0);
    var embedded =
        dev.teepol.core.spi.TrustAnchors.defaults()
            .get(dev.teepol.core.spi.TrustAnchors.GOOGLE_CONFIDENTIAL_SPACE_ROOT);
    assertThat(embedded).hasSize(1);
    assertThat(dev.teepol.core.crypto.Certificates.sameCertificate(embedded.get(0), cert)).isTrue();
  }

  static List<String> failing(Verdict v) {
    return v.checks().stream().filter(c -> !c.passed()).map(CheckResult::id).toList();
  }

  static Optional<CheckResult> check(Verdict v, String id) {
    return v.checks().stream().filter(c -> c.id().equals(id)).findFirst();
  }
}
