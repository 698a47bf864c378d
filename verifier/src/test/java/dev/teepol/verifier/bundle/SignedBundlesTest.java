package dev.teepol.verifier.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.verdict.Decision;
import dev.teepol.verifier.TeepolConfigurationException;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed policy bundles: each defect of a bundle or its signature is refused, alone; rollback is
 * refused through the version file; the embedding API loads only what a pinned signer released.
 */
class SignedBundlesTest {
  static final Path POLICIES = Path.of("..", "examples", "policies");
  static final Path TDX = Path.of("..", "examples", "tdx");

  @TempDir Path tmp;

  /** A PEM key pair written with the JDK, as openssl genpkey would. */
  record Keys(Path privateKey, Path publicKey) {}

  Keys keys(String algorithm, String name) throws Exception {
    KeyPairGenerator g =
        KeyPairGenerator.getInstance(algorithm.equals("Ed25519") ? "Ed25519" : "EC");
    if (!algorithm.equals("Ed25519")) {
      g.initialize(new ECGenParameterSpec(algorithm));
    }
    KeyPair kp = g.generateKeyPair();
    Path priv = tmp.resolve(name + ".key");
    Path pub = tmp.resolve(name + ".pub");
    Files.writeString(priv, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
    Files.writeString(pub, pem("PUBLIC KEY", kp.getPublic().getEncoded()));
    return new Keys(priv, pub);
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  static PolicyBundle bundle(long version) throws Exception {
    return PolicyBundles.create(
        POLICIES,
        List.of(POLICIES.resolve("dstack-app.yaml")),
        List.of(POLICIES.resolve("dstack-app.tests.yaml")),
        "platform-policies",
        version);
  }

  @Test
  void createPacksPoliciesSuitesAndFixtureDigestsCanonically() throws Exception {
    PolicyBundle b = bundle(3);
    assertThat(b.policies())
        .extracting(PolicyBundle.TextFile::path)
        .containsExactly("dstack-app.yaml");
    assertThat(b.suites())
        .extracting(PolicyBundle.TextFile::path)
        .containsExactly("dstack-app.tests.yaml");
    // The raw case names the simulated quote, its collateral and its anchor: each by digest.
    assertThat(b.fixtures())
        .extracting(PolicyBundle.Fixture::path)
        .contains("../tdx/quote.bin", "../tdx/root_ca.der");
    byte[] bytes = b.canonicalBytes();
    assertThat(PolicyBundle.parse(bytes)).isEqualTo(b);
    assertThat(bundle(3).canonicalBytes()).isEqualTo(bytes);
  }

  @Test
  void ed25519AndP256SignaturesVerifyUnderTheirPinnedKey() throws Exception {
    for (String alg : List.of("Ed25519", "secp256r1")) {
      Keys k = keys(alg, alg);
      byte[] env = SignedBundles.sign(bundle(1), k.privateKey());
      VerifiedBundle v =
          SignedBundles.verify(env, TrustedSigners.fromFiles(List.of(k.publicKey())));
      assertThat(v.bundle().name()).isEqualTo("platform-policies");
      assertThat(v.signer())
          .isEqualTo(TrustedSigners.fromFiles(List.of(k.publicKey())).keyIds().get(0));
    }
  }

  @Test
  void aBundleSignedByAnotherKeyIsRefused() throws Exception {
    Keys platform = keys("Ed25519", "platform");
    Keys attacker = keys("Ed25519", "attacker");
    byte[] env = SignedBundles.sign(bundle(1), attacker.privateKey());
    assertThatThrownBy(
            () ->
                SignedBundles.verify(env, TrustedSigners.fromFiles(List.of(platform.publicKey()))))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("no signature by a trusted signer");
  }

  @Test
  void aForgedKeyIdNamingTheTrustedSignerDoesNotVerify() throws Exception {
    Keys platform = keys("Ed25519", "platform");
    Keys attacker = keys("Ed25519", "attacker");
    String env =
        new String(SignedBundles.sign(bundle(1), attacker.privateKey()), StandardCharsets.UTF_8);
    TrustedSigners trusted = TrustedSigners.fromFiles(List.of(platform.publicKey()));
    String attackerId = TrustedSigners.fromFiles(List.of(attacker.publicKey())).keyIds().get(0);
    byte[] forged =
        env.replace(attackerId, trusted.keyIds().get(0)).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SignedBundles.verify(forged, trusted))
        .hasMessageContaining("does not verify");
  }

  @Test
  void aChangedPayloadDoesNotVerify() throws Exception {
    Keys k = keys("secp256r1", "p256");
    String env = new String(SignedBundles.sign(bundle(1), k.privateKey()), StandardCharsets.UTF_8);
    String other = Base64.getEncoder().encodeToString(bundle(2).canonicalBytes());
    String payload = env.replaceAll("(?s).*\"payload\":\"([^\"]*)\".*", "$1").strip();
    byte[] swapped = env.replace(payload, other).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () -> SignedBundles.verify(swapped, TrustedSigners.fromFiles(List.of(k.publicKey()))))
        .hasMessageContaining("does not verify");
  }

  @Test
  void anotherPayloadTypeIsRefused() throws Exception {
    Keys k = keys("Ed25519", "k");
    String env = new String(SignedBundles.sign(bundle(1), k.privateKey()), StandardCharsets.UTF_8);
    byte[] other =
        env.replace(SignedBundles.PAYLOAD_TYPE, "application/vnd.in-toto+json")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () -> SignedBundles.verify(other, TrustedSigners.fromFiles(List.of(k.publicKey()))))
        .hasMessageContaining("payloadType");
  }

  @Test
  void anUnsignedEnvelopeIsRefused() throws Exception {
    Keys k = keys("Ed25519", "k");
    String env = new String(SignedBundles.sign(bundle(1), k.privateKey()), StandardCharsets.UTF_8);
    byte[] unsigned =
        env.replaceAll("\"signatures\":\\[.*]", "\"signatures\":[]")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () -> SignedBundles.verify(unsigned, TrustedSigners.fromFiles(List.of(k.publicKey()))))
        .hasMessageContaining("not signed");
  }

  @Test
  void nonCanonicalAndMalformedBundlesAreRefusedNamingTheField() throws Exception {
    String canonical = new String(bundle(1).canonicalBytes(), StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                PolicyBundle.parse(
                    canonical
                        .replace("{\"format\"", "{ \"format\"")
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("canonical");
    assertThatThrownBy(
            () ->
                PolicyBundle.parse(
                    canonical
                        .replace("\"version\":1", "\"version\":0")
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("bundle.version");
    assertThatThrownBy(
            () ->
                PolicyBundle.parse(
                    canonical
                        .replace("\"path\":\"dstack-app.yaml\"", "\"path\":\"../dstack-app.yaml\"")
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("bundle.policies[0].path");
    assertThatThrownBy(
            () ->
                PolicyBundle.parse(
                    canonical
                        .replace("kind: TrustPolicy", "kind: TrustPolicy ")
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("sha256 does not match");
    assertThatThrownBy(() -> PolicyBundle.parse("[]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(BundleException.class);
    assertThatThrownBy(() -> PolicyBundle.parse(new byte[] {(byte) 0xff, 0x00}))
        .isInstanceOf(BundleException.class);
  }

  @Test
  void keysOfOtherTypesAreRefused() throws Exception {
    Keys p384 = keys("secp384r1", "p384");
    assertThatThrownBy(() -> TrustedSigners.fromFiles(List.of(p384.publicKey())))
        .hasMessageContaining("P-256");
    assertThatThrownBy(() -> SignedBundles.sign(PolicyBundleTestSupport.any(), p384.privateKey()))
        .hasMessageContaining("P-256");
    assertThatThrownBy(() -> TrustedSigners.of(List.of()))
        .hasMessageContaining("no trusted signer");
  }

  @Test
  void theVersionFileRefusesRollbackAndASecondBundleWithTheSameVersion() throws Exception {
    Keys k = keys("Ed25519", "k");
    TrustedSigners t = TrustedSigners.fromFiles(List.of(k.publicKey()));
    VersionFile vf = new VersionFile(tmp.resolve("accepted.json"));
    VerifiedBundle v2 = SignedBundles.verify(SignedBundles.sign(bundle(2), k.privateKey()), t);
    VerifiedBundle v1 = SignedBundles.verify(SignedBundles.sign(bundle(1), k.privateKey()), t);
    vf.checkAndRecord(v2);
    assertThat(vf.read()).get().extracting(VersionFile.Accepted::version).isEqualTo(2L);
    assertThatThrownBy(() -> vf.checkAndRecord(v1)).hasMessageContaining("rollback");
    vf.checkAndRecord(v2); // the same release again (a restart) is fine
    PolicyBundle other =
        new PolicyBundle(
            "platform-policies",
            2,
            List.of(
                PolicyBundle.TextFile.of(
                    "x.yaml",
                    "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: x}\nspec: {}\n")),
            List.of(),
            List.of());
    Path otherFile = tmp.resolve("other.json");
    Files.write(otherFile, other.canonicalBytes());
    VerifiedBundle sameVersion = SignedBundles.verify(SignedBundles.sign(other, k.privateKey()), t);
    assertThatThrownBy(() -> vf.checkAndRecord(sameVersion))
        .hasMessageContaining("a new release needs a higher version");
    Files.writeString(tmp.resolve("accepted.json"), "not json");
    assertThatThrownBy(() -> vf.check(v2)).hasMessageContaining("not a version file");
  }

  @Test
  void theEmbeddingApiLoadsOnlyWhatAPinnedSignerReleasedAndNeverRollsBack() throws Exception {
    Keys k = keys("Ed25519", "platform");
    TrustedSigners t = TrustedSigners.fromFiles(List.of(k.publicKey()));
    Path v2 = tmp.resolve("v2.bundle.json");
    Path v1 = tmp.resolve("v1.bundle.json");
    Files.write(v2, SignedBundles.sign(bundle(2), k.privateKey()));
    Files.write(v1, SignedBundles.sign(bundle(1), k.privateKey()));
    Path state = tmp.resolve("accepted-version.json");
    Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    try (TeepolVerifier v =
        TeepolVerifier.builder()
            .policyBundle(v2, t)
            .bundleVersionFile(state)
            .collateralDirectory(TDX.resolve("collateral"))
            .trustAnchor(TDX.resolve("root_ca.der"))
            .clock(clock)
            .build()) {
      assertThat(v.policy().ref()).contains("platform-policies v2").contains("dstack-app.yaml");
      VerificationResult r = v.verify(Files.readAllBytes(TDX.resolve("quote.bin")));
      // The bundled dstack policy pins an app the bare quote does not carry.
      assertThat(r.decision()).isEqualTo(Decision.DENY);
      assertThat(r.checks()).anyMatch(c -> c.id().equals("policy.workload.app_id") && !c.passed());
    }
    assertThatThrownBy(
            () -> TeepolVerifier.builder().policyBundle(v1, t).bundleVersionFile(state).build())
        .isInstanceOf(TeepolConfigurationException.class)
        .hasMessageContaining("rollback");
    assertThatThrownBy(() -> TeepolVerifier.builder().policyBundle(v2, t).build())
        .hasMessageContaining("bundleVersionFile");
    Keys other = keys("Ed25519", "other");
    assertThatThrownBy(
            () ->
                TeepolVerifier.builder()
                    .policyBundle(v2, TrustedSigners.fromFiles(List.of(other.publicKey())))
                    .bundleVersionFile(tmp.resolve("fresh.json"))
                    .build())
        .hasMessageContaining("no signature by a trusted signer");
    assertThat(tmp.resolve("fresh.json")).doesNotExist();
  }
}
