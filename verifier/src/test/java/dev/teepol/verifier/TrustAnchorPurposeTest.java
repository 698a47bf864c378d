package dev.teepol.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.Decision;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import dev.teepol.providers.tpm.sim.SimulatedTpm;
import dev.teepol.providers.tpm.sim.TpmSimulator;
import dev.teepol.verifier.concurrency.MixedEvidence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One verifier for TPM and TDX evidence, each with the root of its own test PKI: declared, each
 * serves its purpose; undeclared, detection takes an unknown root for the root of whatever provider
 * appraises, where it collides with the other.
 */
class TrustAnchorPurposeTest {
  @TempDir Path dir;

  private final SimulatedTpm tpm = TpmSimulator.builder().build().generate();
  private final SimulatedDcap tdx = DcapSimulator.builder().build().generate();

  /** The two simulators verify at different instants; the verifier has one clock. */
  private final Clock clock = new MixedEvidence.PerCallClock();

  private TeepolVerifier.Builder mixed() throws Exception {
    tdx.writeTo(dir);
    return TeepolVerifier.builder()
        .clock(clock)
        .collateralDirectory(dir.resolve("collateral"))
        // The simulator's root is a test PKI's too: declared, like the AK CA.
        .trustAnchor(Path.of(TrustAnchors.INTEL_SGX_ROOT + "=" + dir.resolve("root_ca.der")));
  }

  private VerificationResult verifyTdx(TeepolVerifier v) {
    MixedEvidence.PerCallClock.set(DcapSimulator.VERIFY_AT);
    return v.verify(tdx.quote(), VerifyOptions.builder().name("quote.bin").build());
  }

  private VerificationResult verifyTpm(TeepolVerifier v) {
    MixedEvidence.PerCallClock.set(TpmSimulator.VERIFY_AT);
    return v.verify(tpm.attestation(), VerifyOptions.builder().nonce(tpm.nonce()).build());
  }

  @Test
  void aDeclaredAkCaServesTpmEvidenceAndLeavesTheIntelRootAlone() throws Exception {
    try (TeepolVerifier v = mixed().trustAnchor(TrustAnchors.TPM_AK_ROOT, tpm.akCaRoot()).build()) {
      VerificationResult p = verifyTpm(v);
      assertThat(p.decision()).as(p.toJson()).isEqualTo(Decision.ALLOW);
      VerificationResult t = verifyTdx(v);
      assertThat(t.genuine()).as(t.toJson()).isTrue();
      // The report names each anchor with the purpose it was declared for.
      assertThat(t.trustAnchor())
          .isEqualTo(
              TrustAnchors.INTEL_SGX_ROOT
                  + "="
                  + dir.resolve("root_ca.der")
                  + ", "
                  + TrustAnchors.TPM_AK_ROOT
                  + "=(certificate)");
    }
  }

  @Test
  void theSameDeclaredAsAFileReference() throws Exception {
    Path ak = dir.resolve("ak-ca.der");
    Files.write(ak, tpm.akCaRoot().getEncoded());
    try (TeepolVerifier v =
        mixed().trustAnchor(Path.of(TrustAnchors.TPM_AK_ROOT + "=" + ak)).build()) {
      assertThat(verifyTpm(v).decision()).isEqualTo(Decision.ALLOW);
      assertThat(verifyTdx(v).genuine()).isTrue();
    }
  }

  /** What declaring avoids: undeclared, the AK CA is a second Intel root for the TDX quote. */
  @Test
  void undeclaredTheAkCaCollidesWithTheIntelRoot() throws Exception {
    try (TeepolVerifier v = mixed().trustAnchor(tpm.akCaRoot()).build()) {
      VerificationResult t = verifyTdx(v);
      assertThat(t.genuine()).isFalse();
      assertThat(t.toJson()).contains("a second trust anchor for " + TrustAnchors.INTEL_SGX_ROOT);
    }
  }

  @Test
  void onlyKnownPurposesCanBeDeclared() {
    assertThatThrownBy(() -> TeepolVerifier.builder().trustAnchor("tpm-ak-rot", tpm.akCaRoot()))
        .isInstanceOf(TeepolConfigurationException.class)
        .hasMessageContaining("'tpm-ak-rot' is not a trust-anchor purpose")
        .hasMessageContaining(TrustAnchors.TPM_AK_ROOT);
    assertThat(TrustAnchorFile.declarablePurposes())
        .contains(
            TrustAnchors.INTEL_SGX_ROOT,
            TrustAnchors.TPM_AK_ROOT,
            TrustAnchors.AMD_ARK_GENOA,
            TrustAnchors.GOOGLE_CONFIDENTIAL_SPACE_ROOT,
            TrustAnchors.NVIDIA_NRAS_INTERMEDIATE);
  }

  @Test
  void aReferenceIsADeclarationOnlyWithALowerCasePurposeBeforeTheEqualsSign() {
    assertThat(TrustAnchorFile.declaration("tpm-ak-root=/etc/teepol/ak.der"))
        .hasValue(Map.entry("tpm-ak-root", Path.of("/etc/teepol/ak.der")));
    for (String plain :
        new String[] {
          "ak.der", "./tpm-ak-root=ak.der", "/a=b.der", "=ak.der", "tpm-ak-root=", "TPM=ak.der"
        }) {
      assertThat(TrustAnchorFile.declaration(plain)).as(plain).isEqualTo(Optional.empty());
    }
  }
}
