package dev.teepol.verifier.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.verdict.Decision;
import dev.teepol.providers.sigstore.ReleaseIdentity;
import dev.teepol.providers.sigstore.sim.Defect;
import dev.teepol.providers.sigstore.sim.SimSigstore;
import dev.teepol.verifier.TeepolVerifier;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Policy bundles signed keyless with Sigstore, on the test Sigstore instance the Sigstore
 * provider's tests use (its own Fulcio CA, Rekor and CT log keys): a bundle signed by the pinned CI
 * identity is accepted; another identity, another Sigstore instance, a Sigstore bundle over another
 * policy bundle, every defect of the Sigstore material, and a verifier that pins no identity are
 * refused.
 */
class SigstoreSignedBundlesTest {
  static final SimSigstore SIM = new SimSigstore("sigstore-simulated-test");
  static final Instant SIGNED = Instant.parse("2026-03-01T12:00:00Z");
  static final String REPO = "platform/policies";
  static final Clock LATER = Clock.fixed(SIGNED.plusSeconds(3600), ZoneOffset.UTC);

  @TempDir Path tmp;

  /** What a CI job does: cosign attest-blob over the canonical bundle file. */
  static byte[] sigstoreSign(SimSigstore sim, byte[] artifact, Defect d) {
    return sim.sign(
            new SimSigstore.Spec(
                REPO,
                "v7",
                "0123456789abcdef0123456789abcdef01234567",
                SIGNED,
                "https://teepol.dev/policy-bundle/v1",
                Json.createObjectBuilder().add("version", 7).build(),
                artifact,
                d))
        .bundle();
  }

  SigstoreSigners pinned(String repo) throws Exception {
    Path root = tmp.resolve("trusted_root.json");
    Files.write(root, SIM.trustedRoot());
    return SigstoreSigners.of(root, List.of(ReleaseIdentity.githubTag(repo)), LATER);
  }

  @Test
  void aBundleSignedByThePinnedCiIdentityIsAccepted() throws Exception {
    PolicyBundle b = SignedBundlesTest.bundle(7);
    byte[] envelope =
        SignedBundles.signWithSigstore(b, sigstoreSign(SIM, b.canonicalBytes(), Defect.NONE));
    VerifiedBundle v = SignedBundles.verify(envelope, TrustedSigners.sigstore(pinned(REPO)));
    assertThat(v.bundle()).isEqualTo(b);
    assertThat(v.signer())
        .startsWith("sigstore:https://github.com/" + REPO + "/.github/workflows/")
        .endsWith("(https://token.actions.githubusercontent.com)");
  }

  @Test
  void theEmbeddingApiLoadsASigstoreSignedBundle() throws Exception {
    PolicyBundle b = SignedBundlesTest.bundle(7);
    Path file = tmp.resolve("platform.signed.json");
    Files.write(
        file,
        SignedBundles.signWithSigstore(b, sigstoreSign(SIM, b.canonicalBytes(), Defect.NONE)));
    try (TeepolVerifier v =
        TeepolVerifier.builder()
            .policyBundle(file, TrustedSigners.sigstore(pinned(REPO)))
            .bundleVersionFile(tmp.resolve("version.json"))
            .collateralDirectory(SignedBundlesTest.TDX.resolve("collateral"))
            .trustAnchor(SignedBundlesTest.TDX.resolve("root_ca.der"))
            .clock(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC))
            .build()) {
      assertThat(v.policy().ref()).startsWith("bundle platform-policies v7");
      assertThat(
              v.verify(Files.readAllBytes(SignedBundlesTest.TDX.resolve("quote.bin"))).decision())
          .isIn(Decision.ALLOW, Decision.DENY);
    }
  }

  @Test
  void anotherIdentityIsRefused() throws Exception {
    PolicyBundle b = SignedBundlesTest.bundle(7);
    byte[] envelope =
        SignedBundles.signWithSigstore(b, sigstoreSign(SIM, b.canonicalBytes(), Defect.NONE));
    assertThatThrownBy(
            () -> SignedBundles.verify(envelope, TrustedSigners.sigstore(pinned("attacker/x"))))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("sigstore.identity")
        .hasMessageContaining("matches no pinned identity");
  }

  @Test
  void anotherSigstoreInstanceIsRefused() throws Exception {
    PolicyBundle b = SignedBundlesTest.bundle(7);
    SimSigstore forger = new SimSigstore("a forger's own sigstore");
    byte[] envelope =
        SignedBundles.signWithSigstore(b, sigstoreSign(forger, b.canonicalBytes(), Defect.NONE));
    assertThatThrownBy(() -> SignedBundles.verify(envelope, TrustedSigners.sigstore(pinned(REPO))))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("sigstore.certificate.chain");
  }

  @Test
  void aSigstoreBundleOverAnotherPolicyBundleIsRefusedAtSigningAndAtVerification()
      throws Exception {
    PolicyBundle b = SignedBundlesTest.bundle(7);
    byte[] other = sigstoreSign(SIM, SignedBundlesTest.bundle(6).canonicalBytes(), Defect.NONE);
    assertThatThrownBy(() -> SignedBundles.signWithSigstore(b, other))
        .hasMessageContaining("does not sign this policy bundle");
    // Spliced by hand into an envelope of bundle 7: the subject digest check refuses it.
    byte[] good =
        SignedBundles.signWithSigstore(b, sigstoreSign(SIM, b.canonicalBytes(), Defect.NONE));
    String spliced =
        new String(good, StandardCharsets.UTF_8)
            .replaceAll(
                "\"sigstoreBundles\":\\[\"[^\"]*\"]",
                "\"sigstoreBundles\":[\"" + Base64.getEncoder().encodeToString(other) + "\"]");
    assertThatThrownBy(
            () ->
                SignedBundles.verify(
                    spliced.getBytes(StandardCharsets.UTF_8),
                    TrustedSigners.sigstore(pinned(REPO))))
        .hasMessageContaining("sigstore.subject.digest");
  }

  @ParameterizedTest
  @EnumSource(
      value = Defect.class,
      names = {"NONE"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyDefectOfTheSigstoreMaterialIsRefused(Defect d) throws Exception {
    PolicyBundle b = SignedBundlesTest.bundle(7);
    byte[] sigstore = sigstoreSign(SIM, b.canonicalBytes(), d);
    byte[] envelope;
    try {
      envelope = SignedBundles.signWithSigstore(b, sigstore);
    } catch (BundleException e) {
      return; // refused already when wrapping (it does not sign this bundle, or does not parse)
    }
    assertThatThrownBy(() -> SignedBundles.verify(envelope, TrustedSigners.sigstore(pinned(REPO))))
        .as(d.name())
        .isInstanceOf(BundleException.class);
  }

  @Test
  void aVerifierWithOnlyKeysOrNoIdentityRefusesASigstoreSignature() throws Exception {
    PolicyBundle b = SignedBundlesTest.bundle(7);
    byte[] envelope =
        SignedBundles.signWithSigstore(b, sigstoreSign(SIM, b.canonicalBytes(), Defect.NONE));
    java.security.KeyPair kp =
        java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    assertThatThrownBy(
            () -> SignedBundles.verify(envelope, TrustedSigners.of(List.of(kp.getPublic()))))
        .hasMessageContaining("no Sigstore trusted root and identity are pinned");
    assertThatThrownBy(() -> SigstoreSigners.of(tmp.resolve("missing.json"), List.of(), LATER))
        .isInstanceOf(Exception.class);
    Path root = tmp.resolve("root.json");
    Files.write(root, SIM.trustedRoot());
    assertThatThrownBy(() -> SigstoreSigners.of(root, List.of(), LATER))
        .hasMessageContaining("no Sigstore identity pinned");
  }
}
