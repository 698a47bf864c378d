package dev.teepol.providers.tpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.eval.PolicyEngine;
import dev.teepol.providers.testsupport.Corpus;
import dev.teepol.providers.testsupport.StrictPolicy;
import dev.teepol.providers.tpm.abi.AkPublicParser;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The corpus's TPM cases, read in place: Google's GCE vTPM attestation (three banks, AK certificate
 * from the GCE EK/AK CA), the Windows Shielded VM SHA-1 dump without an AK certificate, and the
 * RHEL 8 event log whose replay go-tpm-tools asserts.
 */
class TpmCorpusTest {
  private static final TpmProvider PROVIDER = new TpmProvider();
  private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");

  private static Appraisal appraise(Path file, AppraisalContext ctx) throws Exception {
    return PROVIDER.appraise(
        new EvidenceSource(file.getFileName().toString(), Files.readAllBytes(file)), ctx);
  }

  private static AppraisalContext at(Instant at) {
    return AppraisalContext.offline(Clock.fixed(at, ZoneOffset.UTC));
  }

  @Test
  void theGceAttestationVerifiesWithTheGceBundleAndItsNonce() throws Exception {
    Path dir = Corpus.caseDir("tpm", "gce-cos85-nonce9009");
    JsonObject exp = Corpus.expected(dir);
    AppraisalContext ctx =
        at(Instant.parse(exp.getString("verify_at")))
            .withTrustAnchors(TrustAnchors.defaults().withBundle(TrustAnchors.GCE_VTPM))
            .withExpectedNonce(Hex.decode(exp.getString("nonce_hex")));
    Appraisal a = appraise(dir.resolve("attestation.pb"), ctx);
    assertThat(a.checks()).allMatch(CheckResult::passed);
    assertThat(a.genuine()).isTrue();
    assertThat(StrictPolicy.evaluate(a, AT).decision()).isEqualTo(Decision.ALLOW);
    JsonObject bc = exp.getJsonObject("builder_computed");
    // Every bank's quoted values, as the builder decoded them, and its replay of PCR 0-9.
    for (String bank : List.of("sha1", "sha256", "sha384")) {
      JsonObject quoted = Corpus.json(dir.resolve("quotes").resolve(bank + ".pcrs.json"));
      quoted.forEach(
          (pcr, v) ->
              assertThat(a.evidence().measurements().get(bank + ":pcr" + pcr))
                  .as(bank + ":pcr" + pcr)
                  .isEqualTo(((JsonString) v).getString()));
      bc.getJsonObject("event_log_replay")
          .getJsonObject(bank)
          .getJsonObject("replayed")
          .forEach(
              (pcr, v) ->
                  assertThat(a.evidence().measurements().get(bank + ":pcr" + pcr))
                      .isEqualTo(((JsonString) v).getString()));
    }
    assertThat(a.evidence().measurements().get("pcr0"))
        .isEqualTo(a.evidence().measurements().get("sha384:pcr0"));
    assertThat(a.evidence().bound().get("measurements.pcr0")).isEqualTo(Binding.HARDWARE);
    var tpm = a.evidence().tpm();
    assertThat(tpm.quote().extraData()).isEqualTo("9009");
    assertThat(tpm.quote().signatureHash()).isEqualTo("sha256");
    assertThat(tpm.ak().algorithm()).isEqualTo("rsa-" + bc.getJsonObject("ak").getInt("bits"));
    assertThat(tpm.ak().manufacturer()).isEqualTo("GOOG");
    assertThat(a.evidence().platform().vendor()).isEqualTo("tpm:GOOG");
    assertThat(tpm.gce().zone()).isEqualTo("us-central1-a");
    assertThat(tpm.gce().instanceName()).isEqualTo("cos-test");
    assertThat(tpm.boot().secureBoot().enabled()).isTrue();
    assertThat(tpm.boot().gceConfidentialTechnology()).isEqualTo("amd-sev");
    assertThat(tpm.boot().kernelCmdline())
        .startsWith("/syslinux/vmlinuz.A init=/usr/lib/systemd/systemd");
    assertThat(tpm.events()).hasSize(bc.getInt("event_log_events"));
  }

  @Test
  void withoutOptingIntoTheGceBundleTheAkIsNotTrusted() throws Exception {
    Path dir = Corpus.caseDir("tpm", "gce-cos85-nonce9009");
    CheckResult trust =
        appraise(dir.resolve("attestation.pb"), at(AT)).check(TpmChecks.AK_TRUST).orElseThrow();
    assertThat(trust.outcome()).isInstanceOf(Outcome.Unevaluable.class);
  }

  @Test
  void anotherNonceFailsOnlyTheNonceCheck() throws Exception {
    Path dir = Corpus.caseDir("tpm", "gce-cos85-nonce9009");
    AppraisalContext ctx =
        at(AT)
            .withTrustAnchors(TrustAnchors.defaults().withBundle(TrustAnchors.GCE_VTPM))
            .withExpectedNonce(Hex.decode("9010"));
    Appraisal a = appraise(dir.resolve("attestation.pb"), ctx);
    assertThat(a.checks().stream().filter(c -> !c.passed()).map(CheckResult::id))
        .containsExactly(TpmChecks.QUOTE_NONCE);
  }

  @Test
  void afterTheAkCertificateExpiresTheAkIsNoLongerTrusted() throws Exception {
    Path dir = Corpus.caseDir("tpm", "gce-cos85-nonce9009");
    AppraisalContext ctx =
        at(Instant.parse("2052-01-01T00:00:00Z"))
            .withTrustAnchors(TrustAnchors.defaults().withBundle(TrustAnchors.GCE_VTPM));
    CheckResult trust =
        appraise(dir.resolve("attestation.pb"), ctx).check(TpmChecks.AK_TRUST).orElseThrow();
    assertThat(trust.outcome()).isInstanceOf(Outcome.Fail.class);
  }

  @Test
  void aCachedAkPathIsReusedOnlyInsideItsValidityWindowAndForTheSameAnchors() throws Exception {
    Path dir = Corpus.caseDir("tpm", "gce-cos85-nonce9009");
    TpmProvider p = new TpmProvider();
    EvidenceSource pb =
        new EvidenceSource("attestation.pb", Files.readAllBytes(dir.resolve("attestation.pb")));
    TrustAnchors gce = TrustAnchors.defaults().withBundle(TrustAnchors.GCE_VTPM);
    assertThat(
            p.appraise(pb, at(AT).withTrustAnchors(gce))
                .check(TpmChecks.AK_TRUST)
                .orElseThrow()
                .passed())
        .isTrue();
    CheckResult later =
        p.appraise(pb, at(Instant.parse("2052-01-01T00:00:00Z")).withTrustAnchors(gce))
            .check(TpmChecks.AK_TRUST)
            .orElseThrow();
    assertThat(later.outcome()).isInstanceOf(Outcome.Fail.class);
    // Another root set: the cached path is not reused for it.
    TrustAnchors other =
        TrustAnchors.defaults()
            .with(
                TrustAnchors.TPM_AK_ROOT,
                List.of(TrustAnchors.bundle(TrustAnchors.GCE_VTPM).get(1)))
            .with(
                TrustAnchors.TPM_AK_INTERMEDIATE,
                TrustAnchors.bundle(TrustAnchors.GCE_VTPM).subList(2, 5));
    assertThat(
            p.appraise(pb, at(AT).withTrustAnchors(other))
                .check(TpmChecks.AK_TRUST)
                .orElseThrow()
                .outcome())
        .isInstanceOf(Outcome.Fail.class);
  }

  @Test
  void theWindowsSha1QuoteVerifiesForItsPinnedAkAndOnlyWhenSha1IsAllowed() throws Exception {
    Path dir = Corpus.caseDir("tpm", "gcp-windows-shielded-vm-sha1");
    JsonObject exp = Corpus.expected(dir);
    var ak = AkPublicParser.parse(Files.readAllBytes(dir.resolve("ak_pub.tpmt_public.bin")));
    AppraisalContext pinned =
        at(AT)
            .withTrustAnchors(
                TrustAnchors.defaults().withKeys(TrustAnchors.TPM_AK, List.of(ak.key())))
            .withExpectedNonce(Hex.decode(exp.getString("nonce_hex")));
    Appraisal a = appraise(dir.resolve("dump.json"), pinned);
    assertThat(a.checks()).allMatch(CheckResult::passed);
    assertThat(a.genuine()).isTrue();
    assertThat(a.evidence().tpm().quote().signatureHash()).isEqualTo("sha1");
    assertThat(a.evidence().tpm().quote().extraData()).isEmpty();
    exp.getJsonObject("builder_computed")
        .getJsonObject("event_log")
        .getJsonObject("replayed_pcrs")
        .forEach(
            (pcr, v) ->
                assertThat(a.evidence().measurements().get("sha1:pcr" + pcr))
                    .isEqualTo(((JsonString) v).getString()));
    assertThat(a.evidence().tpm().boot().secureBoot().enabled()).isTrue();
    // SHA-1: refused by every policy that does not allow it by name.
    assertThat(
            StrictPolicy.evaluate(a, AT).checks().stream()
                .filter(c -> !c.passed())
                .map(CheckResult::id))
        .containsExactly("policy.platform.weak_digests");
    var allowing =
        PolicyCompiler.compile(
            """
            apiVersion: teepol.dev/v1
            kind: TrustPolicy
            metadata: {name: windows-sha1}
            spec:
              substrate: {tee: [tpm], allowWeakDigests: [SHA1]}
              tcb: {appliesTo: [tdx, sgx, sev-snp]}
            """,
            "windows-sha1.yaml");
    assertThat(PolicyEngine.evaluate(allowing, a, AT).decision()).isEqualTo(Decision.ALLOW);
    // Without the pin nothing says the key is a TPM's.
    Appraisal unpinned = appraise(dir.resolve("dump.json"), at(AT));
    assertThat(unpinned.check(TpmChecks.AK_TRUST).orElseThrow().outcome())
        .isInstanceOf(Outcome.Unevaluable.class);
    assertThat(unpinned.genuine()).isFalse();
  }

  @Test
  void theRhel8LogReplaysToThePcrsGoTpmToolsExpects() throws Exception {
    Path dir = Corpus.caseDir("tpm", "eventlog-rhel8-gce");
    JsonObject exp = Corpus.expected(dir);
    Appraisal a = appraise(dir.resolve("event_log.bin"), at(AT));
    assertThat(a.check(TpmChecks.EVENT_LOG_PARSE).orElseThrow().passed()).isTrue();
    assertThat(a.check(TpmChecks.EVENT_LOG_DATA).orElseThrow().passed()).isTrue();
    assertThat(a.genuine()).isFalse();
    JsonObject pcrs = exp.getJsonObject("source_asserted").getJsonObject("pcrs");
    for (Map.Entry<String, jakarta.json.JsonValue> bank : pcrs.entrySet()) {
      ((JsonObject) bank.getValue())
          .forEach(
              (pcr, v) ->
                  assertThat(a.evidence().measurements().get(bank.getKey() + ":pcr" + pcr))
                      .as(bank.getKey() + ":pcr" + pcr)
                      .isEqualTo(((JsonString) v).getString()));
    }
    assertThat(a.evidence().bound().get("measurements.sha256:pcr0"))
        .isEqualTo(Binding.SELF_REPORTED);
    List<String> apps =
        exp
            .getJsonObject("source_asserted")
            .getJsonObject("efi_app_digests")
            .getJsonArray("sha384")
            .getValuesAs(JsonString.class)
            .stream()
            .map(JsonString::getString)
            .toList();
    assertThat(a.evidence().tpm().boot().bank()).isEqualTo("sha384");
    assertThat(a.evidence().tpm().boot().efiApps()).isEqualTo(apps);
    assertThat(a.evidence().tpm().events())
        .hasSize(exp.getJsonObject("builder_computed").getInt("events"));
  }
}
