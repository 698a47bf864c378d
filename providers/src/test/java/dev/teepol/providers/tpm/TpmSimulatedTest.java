package dev.teepol.providers.tpm;

import static dev.teepol.providers.tpm.SimContext.appraise;
import static dev.teepol.providers.tpm.SimContext.failing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.NonceState;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.eval.PolicyEngine;
import dev.teepol.providers.tpm.abi.EventType;
import dev.teepol.providers.tpm.abi.SigScheme;
import dev.teepol.providers.tpm.abi.TpmHash;
import dev.teepol.providers.tpm.sim.SimAk;
import dev.teepol.providers.tpm.sim.SimEventLog;
import dev.teepol.providers.tpm.sim.SimulatedTpm;
import dev.teepol.providers.tpm.sim.TpmDefect;
import dev.teepol.providers.tpm.sim.TpmSimulator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Simulated TPM evidence (the project's software TPM, test AK CA): genuine attestations in every
 * key and scheme are allowed by builtin:strict, and each defect fails exactly the check it names.
 */
class TpmSimulatedTest {

  private static Set<String> all(Appraisal a) {
    return new java.util.TreeSet<>(a.checks().stream().map(CheckResult::id).toList());
  }

  @Test
  void aGenuineRsaAttestationPassesEveryCheckAndStrictAllowsIt() {
    SimulatedTpm sim = TpmSimulator.builder().build().generate();
    Appraisal a = appraise(sim);
    assertThat(a.checks()).allMatch(CheckResult::passed, "every check passes");
    assertThat(all(a))
        .containsExactlyInAnyOrder(
            TpmChecks.PARSE,
            TpmChecks.AK_PARSE,
            TpmChecks.AK_ATTRIBUTES,
            TpmChecks.AK_TRUST,
            TpmChecks.QUOTE_PARSE,
            TpmChecks.QUOTE_SIGNATURE,
            TpmChecks.QUOTE_PCR_DIGEST,
            TpmChecks.QUOTE_SAME_BOOT,
            TpmChecks.QUOTE_NONCE,
            TpmChecks.EVENT_LOG_PARSE,
            TpmChecks.EVENT_LOG_DATA,
            TpmChecks.EVENT_LOG_REPLAY,
            TpmChecks.CEL_PARSE,
            TpmChecks.CEL_REPLAY);
    assertThat(a.genuine()).isTrue();
    assertThat(SimContext.strict(a).decision()).isEqualTo(Decision.ALLOW);
    Evidence e = a.evidence();
    assertThat(e.platform().tee()).isEqualTo("tpm");
    assertThat(e.platform().vendor()).isEqualTo("tpm:TEST");
    assertThat(e.measurements().get("sha256:pcr15"))
        .isEqualTo(Hex.of(sim.pcrs().get(TpmHash.SHA256).get(15)));
    assertThat(e.measurements().get("pcr7")).isEqualTo(e.measurements().get("sha256:pcr7"));
    assertThat(e.measurements().get("sha1:pcr7"))
        .isEqualTo(Hex.of(sim.pcrs().get(TpmHash.SHA1).get(7)));
    assertThat(e.bound().get("measurements.sha256:pcr15")).isEqualTo(Binding.HARDWARE);
    assertThat(e.bound().get("tpm.boot")).isEqualTo(Binding.REPLAY);
    assertThat(e.bound().get("tpm.gce")).isEqualTo(Binding.SIGNATURE);
    assertThat(e.bound().get("tpm.cos")).isEqualTo(Binding.REPLAY);
    assertThat(e.signers()).hasSize(1);
    assertThat(e.signers().get(0).algo()).isEqualTo("tpm-ak");
    assertThat(e.signers().get(0).addressOrKey())
        .isEqualTo(Hex.of(Digests.sha256(sim.ak().publicKey().getEncoded())));
    assertThat(e.signers().get(0).boundBy()).isEqualTo(Binding.HARDWARE);
    assertThat(e.nonce().state()).isEqualTo(NonceState.MATCHES);
    var tpm = e.tpm();
    assertThat(tpm.ak().trustedBy()).isEqualTo("certificate");
    assertThat(tpm.ak().manufacturer()).isEqualTo("TEST");
    assertThat(tpm.quote().pcrBank()).isEqualTo("sha256");
    assertThat(tpm.quote().banks()).containsExactly("sha256", "sha1");
    assertThat(tpm.quote().signatureScheme()).isEqualTo("rsassa");
    assertThat(tpm.quote().extraData()).isEqualTo(Hex.of(TpmSimulator.NONCE));
    assertThat(tpm.boot().secureBoot().enabled()).isTrue();
    assertThat(tpm.boot().secureBoot().db()).hasSize(64);
    assertThat(tpm.boot().secureBoot().authorities()).hasSize(1);
    assertThat(tpm.boot().kernelCmdline()).isEqualTo(SimEventLog.Boot.DEFAULT.kernelCmdline());
    assertThat(tpm.boot().grubCommands()).contains("set timeout=0");
    assertThat(tpm.boot().efiApps()).hasSize(2);
    assertThat(tpm.boot().gceFirmwareVersion()).isEqualTo(1);
    assertThat(tpm.boot().gceConfidentialTechnology()).isEqualTo("amd-sev-snp");
    assertThat(tpm.gce().instanceName()).isEqualTo("node-3");
    assertThat(tpm.gce().production()).isTrue();
    assertThat(tpm.cos().imageReference()).endsWith("engine:v1.4.2");
    assertThat(tpm.cos().restartPolicy()).isEqualTo("Never");
    assertThat(tpm.cos().env()).containsEntry("MODEL", "llama-3-8b");
    assertThat(tpm.cos().launchSeparator()).isTrue();
    assertThat(tpm.events())
        .anyMatch(
            ev ->
                ev.type().equals("EV_EFI_VARIABLE_DRIVER_CONFIG")
                    && ev.description().equals("SecureBoot")
                    && ev.replayed());
  }

  @Test
  void anEccAkSigningWithEcdsaIsAllowed() {
    SimulatedTpm sim = TpmSimulator.builder().ak(SimAk.ecc("node-5")).build().generate();
    Appraisal a = appraise(sim);
    assertThat(failing(a)).isEmpty();
    assertThat(a.evidence().tpm().ak().algorithm()).isEqualTo("ecc-nist-p256");
    assertThat(a.evidence().tpm().quote().signatureScheme()).isEqualTo("ecdsa");
  }

  @Test
  void rsaPssAndSha384SignaturesVerify() {
    SimulatedTpm pss =
        TpmSimulator.builder().scheme(SigScheme.RSAPSS, TpmHash.SHA256).build().generate();
    assertThat(failing(appraise(pss))).isEmpty();
    SimulatedTpm sha384 =
        TpmSimulator.builder()
            .scheme(SigScheme.RSASSA, TpmHash.SHA384)
            .banks(List.of(TpmHash.SHA384, TpmHash.SHA256))
            .build()
            .generate();
    Appraisal a = appraise(sha384);
    assertThat(failing(a)).isEmpty();
    assertThat(a.evidence().tpm().quote().pcrBank()).isEqualTo("sha384");
    assertThat(a.evidence().measurements().get("pcr4"))
        .isEqualTo(a.evidence().measurements().get("sha384:pcr4"));
  }

  @ParameterizedTest
  @EnumSource(TpmDefect.class)
  void eachDefectFailsExactlyItsCheck(TpmDefect defect) {
    SimulatedTpm sim = TpmSimulator.builder().defect(defect).build().generate();
    Appraisal a = appraise(sim);
    assertThat(failing(a)).as(defect + ": " + a.checks()).containsExactly(defect.check());
  }

  @Test
  void aQuoteSignedByAnotherKeyIsNotGenuine() {
    Appraisal a =
        appraise(TpmSimulator.builder().defect(TpmDefect.SIGNED_BY_ANOTHER_KEY).build().generate());
    assertThat(a.genuine()).isFalse();
    assertThat(a.check(TpmChecks.QUOTE_SIGNATURE).orElseThrow().outcome().reason())
        .contains("does not verify under the AK");
  }

  @Test
  void eventsLoggedAfterTheQuoteAreNamedAsSuch() {
    Appraisal a =
        appraise(TpmSimulator.builder().defect(TpmDefect.EVENT_AFTER_QUOTE).build().generate());
    assertThat(a.check(TpmChecks.EVENT_LOG_REPLAY).orElseThrow().outcome().reason())
        .contains("came after the quote");
    assertThat(a.evidence().bound().get("tpm.boot")).isEqualTo(Binding.SELF_REPORTED);
  }

  @Test
  void aFirmwarePcrWhoseEventsWereRemovedFails() {
    Appraisal a =
        appraise(
            TpmSimulator.builder()
                .defect(TpmDefect.FIRMWARE_PCR_WITHOUT_EVENTS)
                .build()
                .generate());
    assertThat(a.check(TpmChecks.EVENT_LOG_REPLAY).orElseThrow().outcome().reason())
        .contains("pcr2")
        .contains("no event for it");
  }

  @Test
  void aTamperedSecureBootVariableIsRefusedThoughItsDigestReplays() {
    Appraisal a =
        appraise(TpmSimulator.builder().defect(TpmDefect.EVENT_DATA_TAMPERED).build().generate());
    assertThat(a.check(TpmChecks.EVENT_LOG_REPLAY).orElseThrow().passed()).isTrue();
    assertThat(a.check(TpmChecks.EVENT_LOG_DATA).orElseThrow().outcome().reason())
        .contains("the data says something else");
    assertThat(a.evidence().bound().get("tpm.boot")).isEqualTo(Binding.SELF_REPORTED);
  }

  @Test
  void withoutCertificateOrPinTheAkIsUntrustedAndNothingIsHardwareBound() {
    SimulatedTpm sim = TpmSimulator.builder().certificate(false).build().generate();
    Appraisal a = appraise(sim);
    CheckResult trust = a.check(TpmChecks.AK_TRUST).orElseThrow();
    assertThat(trust.outcome()).isInstanceOf(Outcome.Unevaluable.class);
    assertThat(trust.outcome().reason()).contains("no AK certificate and no pinned AK");
    assertThat(a.genuine()).isFalse();
    assertThat(failing(a)).containsExactly(TpmChecks.AK_TRUST);
    assertThat(a.evidence().bound().get("measurements.pcr15")).isEqualTo(Binding.SELF_REPORTED);
    assertThat(a.evidence().signers().get(0).boundBy()).isEqualTo(Binding.SELF_REPORTED);
  }

  @Test
  void anAkPinnedByTheOperatorIsTrustedWithoutACertificate() {
    SimulatedTpm sim = TpmSimulator.builder().certificate(false).build().generate();
    AppraisalContext ctx =
        SimContext.of(sim)
            .withExpectedNonce(sim.nonce())
            .withTrustAnchors(
                TrustAnchors.defaults()
                    .withKeys(TrustAnchors.TPM_AK, List.of(sim.ak().publicKey())));
    Appraisal a = appraise(sim, ctx);
    assertThat(failing(a)).isEmpty();
    assertThat(a.evidence().tpm().ak().trustedBy()).isEqualTo("pinned");
    assertThat(a.evidence().bound().get("measurements.pcr15")).isEqualTo(Binding.HARDWARE);
    // Another node's pin does not do.
    AppraisalContext other =
        SimContext.of(sim)
            .withTrustAnchors(
                TrustAnchors.defaults()
                    .withKeys(TrustAnchors.TPM_AK, List.of(SimAk.rsa("node-4").publicKey())));
    assertThat(failing(appraise(sim, other))).containsExactly(TpmChecks.AK_TRUST);
  }

  @Test
  void aSuppliedCertificateThatDoesNotVerifyFailsEvenWhenTheAkIsPinned() {
    SimulatedTpm sim =
        TpmSimulator.builder().defect(TpmDefect.AK_CERT_UNTRUSTED_CA).build().generate();
    AppraisalContext ctx =
        SimContext.of(sim)
            .withTrustAnchors(
                TrustAnchors.defaults()
                    .with(TrustAnchors.TPM_AK_ROOT, List.of(sim.akCaRoot()))
                    .withKeys(TrustAnchors.TPM_AK, List.of(sim.ak().publicKey())));
    CheckResult trust = appraise(sim, ctx).check(TpmChecks.AK_TRUST).orElseThrow();
    assertThat(trust.outcome()).isInstanceOf(Outcome.Fail.class);
    assertThat(trust.outcome().reason()).contains("does not chain");
  }

  @Test
  void aCertificateWithNoAnchorConfiguredIsUnevaluableAndNamesTheBundleOption() {
    SimulatedTpm sim = TpmSimulator.builder().build().generate();
    AppraisalContext ctx =
        AppraisalContext.offline(
            java.time.Clock.fixed(TpmSimulator.VERIFY_AT, java.time.ZoneOffset.UTC));
    CheckResult trust = appraise(sim, ctx).check(TpmChecks.AK_TRUST).orElseThrow();
    assertThat(trust.outcome()).isInstanceOf(Outcome.Unevaluable.class);
    assertThat(trust.outcome().reason()).contains("tpm-ak-root").contains("builtin:gce-vtpm");
  }

  @Test
  void aSha1OnlyQuoteIsGenuineButDeniedUnlessThePolicyAllowsSha1ByName() throws Exception {
    SimulatedTpm sim =
        TpmSimulator.builder()
            .banks(List.of(TpmHash.SHA1))
            .scheme(SigScheme.RSASSA, TpmHash.SHA1)
            .legacyLog(true)
            .canonicalEventLog(false)
            .build()
            .generate();
    Appraisal a = appraise(sim);
    assertThat(a.genuine()).isTrue();
    assertThat(a.evidence().tpm().boot().eventLogFormat()).isEqualTo("sha1");
    assertThat(failing(a)).containsExactly("policy.platform.weak_digests");
    var allowing =
        PolicyCompiler.compile(
            """
            apiVersion: teepol.dev/v1
            kind: TrustPolicy
            metadata: {name: sha1-ok}
            spec:
              substrate: {tee: [tpm], allowWeakDigests: [SHA1]}
              tcb: {appliesTo: [tdx, sgx, sev-snp]}
            """,
            "sha1-ok.yaml");
    assertThat(PolicyEngine.evaluate(allowing, a, TpmSimulator.VERIFY_AT).decision())
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void aUefiDebuggerMakesThePlatformDebug() {
    SimulatedTpm sim =
        TpmSimulator.builder()
            .boot(new SimEventLog.Boot(true, true, "/vmlinuz ro", 4))
            .build()
            .generate();
    Appraisal a = appraise(sim);
    assertThat(a.evidence().platform().debug()).isTrue();
    assertThat(failing(a)).containsExactly("policy.platform.not_debug");
  }

  @Test
  void pcr0StartsAtTheStartupLocalityAndDrtmPcrsAtOnes() {
    SimulatedTpm sim =
        TpmSimulator.builder()
            .events(
                l ->
                    l.startupLocality(3).add(17, EventType.EV_EVENT_TAG, SimEventLog.ascii("drtm")))
            .build()
            .generate();
    Appraisal a = appraise(sim);
    assertThat(failing(a)).isEmpty();
    byte[] pcr0 = sim.pcrs().get(TpmHash.SHA256).get(0);
    assertThat(a.evidence().measurements().get("pcr0")).isEqualTo(Hex.of(pcr0));
    assertThat(a.evidence().tpm().events()).anyMatch(e -> e.pcr() == 17 && e.replayed());
  }

  @Test
  void anEmptyNonceIsAValueItMatchesOnlyAnEmptyExtraData() {
    SimulatedTpm empty = TpmSimulator.builder().nonce(new byte[0]).build().generate();
    Appraisal ok = appraise(empty, SimContext.of(empty).withExpectedNonce(new byte[0]));
    assertThat(ok.check(TpmChecks.QUOTE_NONCE).orElseThrow().passed()).isTrue();
    // The empty value gives no freshness: a policy requiring a nonce still refuses it.
    assertThat(ok.evidence().nonce().state()).isEqualTo(NonceState.NOT_SUPPLIED);
    Appraisal differs = appraise(empty, SimContext.of(empty).withExpectedNonce(new byte[] {1}));
    assertThat(differs.check(TpmChecks.QUOTE_NONCE).orElseThrow().outcome().reason())
        .contains("no extraData");
    SimulatedTpm full = TpmSimulator.builder().build().generate();
    assertThat(
            appraise(full, SimContext.of(full).withExpectedNonce(new byte[0]))
                .check(TpmChecks.QUOTE_NONCE)
                .orElseThrow()
                .passed())
        .isFalse();
  }

  @Test
  void withoutANonceThereIsNoNonceCheckAndTheStateIsNotSupplied() {
    SimulatedTpm sim = TpmSimulator.builder().build().generate();
    Appraisal a = appraise(sim, SimContext.of(sim));
    assertThat(a.check(TpmChecks.QUOTE_NONCE)).isEmpty();
    assertThat(a.evidence().nonce().state()).isEqualTo(NonceState.NOT_SUPPLIED);
    assertThat(failing(a)).isEmpty();
  }

  @Test
  void aBareEventLogIsDecodedButNeverGenuine() {
    SimulatedTpm sim = TpmSimulator.builder().build().generate();
    Appraisal a =
        SimContext.PROVIDER.appraise(
            new dev.teepol.core.spi.EvidenceSource("log.bin", sim.eventLog()), SimContext.of(sim));
    assertThat(a.genuine()).isFalse();
    assertThat(a.check(TpmChecks.QUOTE_PARSE).orElseThrow().outcome().reason())
        .contains("an event log alone proves nothing");
    assertThat(a.evidence().bound().get("tpm.boot")).isEqualTo(Binding.SELF_REPORTED);
    assertThat(a.evidence().bound().get("measurements.pcr7")).isEqualTo(Binding.SELF_REPORTED);
    assertThat(SimContext.strict(a).decision()).isEqualTo(Decision.DENY);
  }
}
