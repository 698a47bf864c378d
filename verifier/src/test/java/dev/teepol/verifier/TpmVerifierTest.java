package dev.teepol.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.Decision;
import dev.teepol.providers.tpm.TpmChecks;
import dev.teepol.providers.tpm.sim.SimulatedTpm;
import dev.teepol.providers.tpm.sim.TpmSimulator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** TPM evidence through the embedding API: AK roots, the optional GCE bundle, pinned AKs. */
class TpmVerifierTest {
  private static final Clock AT = Clock.fixed(TpmSimulator.VERIFY_AT, ZoneOffset.UTC);

  @Test
  void anAkCaGivenAsATrustAnchorVerifiesSimulatedTpmEvidence() {
    SimulatedTpm sim = TpmSimulator.builder().build().generate();
    try (TeepolVerifier v =
        TeepolVerifier.builder().clock(AT).trustAnchor(sim.akCaRoot()).build()) {
      VerificationResult r =
          v.verify(sim.attestation(), VerifyOptions.builder().nonce(sim.nonce()).build());
      assertThat(r.provider()).isEqualTo("tpm");
      assertThat(r.decision()).as(r.toJson()).isEqualTo(Decision.ALLOW);
      assertThat(
              r.toJsonObject()
                  .getJsonObject("evidence")
                  .getJsonObject("tpm")
                  .getJsonObject("ak")
                  .getString("trusted_by"))
          .isEqualTo("certificate");
    }
  }

  @Test
  void withoutAnAnchorTheAkIsUnevaluableAndTheEvidenceDenied() {
    SimulatedTpm sim = TpmSimulator.builder().build().generate();
    try (TeepolVerifier v = TeepolVerifier.builder().clock(AT).build()) {
      VerificationResult r = v.verify(sim.attestation());
      assertThat(r.decision()).isEqualTo(Decision.DENY);
      assertThat(r.appraisal().check(TpmChecks.AK_TRUST).orElseThrow().outcome().label())
          .isEqualTo("UNEVALUABLE");
    }
  }

  @Test
  void aPinnedAkStandsInForTheCertificate() {
    SimulatedTpm sim = TpmSimulator.builder().certificate(false).build().generate();
    try (TeepolVerifier v =
        TeepolVerifier.builder()
            .clock(AT)
            .pinnedKey(TrustAnchors.TPM_AK, sim.ak().publicKey())
            .build()) {
      assertThat(v.verify(sim.attestation()).decision()).isEqualTo(Decision.ALLOW);
    }
  }

  @Test
  void theGceBundleIsOptInByNameAndAnUnknownBundleIsAConfigurationError() {
    SimulatedTpm sim = TpmSimulator.builder().build().generate();
    // The GCE bundle does not vouch for the test CA's AK.
    try (TeepolVerifier v =
        TeepolVerifier.builder().clock(AT).trustAnchor(Path.of("builtin:gce-vtpm")).build()) {
      VerificationResult r = v.verify(sim.attestation());
      assertThat(r.appraisal().check(TpmChecks.AK_TRUST).orElseThrow().outcome().label())
          .isEqualTo("FAIL");
      assertThat(r.trustAnchor()).contains("builtin:gce-vtpm");
    }
    assertThatThrownBy(() -> TeepolVerifier.builder().trustBundle("aws-nitro").build())
        .isInstanceOf(TeepolConfigurationException.class)
        .hasMessageContaining("no embedded trust bundle 'aws-nitro'");
  }
}
