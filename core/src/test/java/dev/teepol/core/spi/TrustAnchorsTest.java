package dev.teepol.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.crypto.Certificates;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional GCE vTPM bundle is opt-in and fingerprint-checked; pinned keys are per purpose. */
class TrustAnchorsTest {
  @Test
  void noTpmAkRootIsTrustedByDefault() {
    assertThat(TrustAnchors.defaults().get(TrustAnchors.TPM_AK_ROOT)).isEmpty();
    assertThat(TrustAnchors.defaults().get(TrustAnchors.TPM_AK_INTERMEDIATE)).isEmpty();
    assertThat(TrustAnchors.defaults().keys(TrustAnchors.TPM_AK)).isEmpty();
  }

  @Test
  void theGceBundleAddsItsTwoRootsAndThreeIntermediatesWithTheDocumentedFingerprints() {
    TrustAnchors t = TrustAnchors.defaults().withBundle(TrustAnchors.GCE_VTPM);
    assertThat(t.get(TrustAnchors.TPM_AK_ROOT).stream().map(Certificates::sha256Hex))
        .containsExactly(
            "9bd5285f8fb18502a7947e621ffd470266f49fcd3b73e19a190f690ad32a7caf",
            "594759594b9b61524f6c8ef668f7177f7b9066bc0674f2f49fe9e052be78beb2");
    assertThat(t.get(TrustAnchors.TPM_AK_INTERMEDIATE)).hasSize(3);
    assertThat(TrustAnchors.GCE_VTPM_SHA256.values())
        .containsAll(
            t.get(TrustAnchors.TPM_AK_INTERMEDIATE).stream().map(Certificates::sha256Hex).toList());
    // Opting in twice changes nothing; the Intel anchor is untouched.
    TrustAnchors twice = t.withBundle(TrustAnchors.GCE_VTPM);
    assertThat(twice.get(TrustAnchors.TPM_AK_ROOT)).hasSize(2);
    assertThat(twice.get(TrustAnchors.INTEL_SGX_ROOT))
        .isEqualTo(TrustAnchors.defaults().get(TrustAnchors.INTEL_SGX_ROOT));
    assertThatThrownBy(() -> TrustAnchors.defaults().withBundle("aws"))
        .hasMessageContaining("no embedded trust bundle 'aws'");
  }

  @Test
  void pinnedKeysArePerPurposeAndReplaced() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    PublicKey a = g.generateKeyPair().getPublic();
    PublicKey b = g.generateKeyPair().getPublic();
    TrustAnchors t = TrustAnchors.defaults().withKeys(TrustAnchors.TPM_AK, List.of(a));
    assertThat(t.keys(TrustAnchors.TPM_AK)).containsExactly(a);
    assertThat(t.keys("another")).isEmpty();
    assertThat(t.withKeys(TrustAnchors.TPM_AK, List.of(b)).keys(TrustAnchors.TPM_AK))
        .containsExactly(b);
    // Certificates survive a key pin and the other way round.
    assertThat(t.get(TrustAnchors.INTEL_SGX_ROOT)).hasSize(1);
    assertThat(t.with(TrustAnchors.TPM_AK_ROOT, List.of()).keys(TrustAnchors.TPM_AK))
        .containsExactly(a);
  }
}
