package dev.teepol.kms.broker;

import static dev.teepol.kms.broker.ReleaseFlowContract.failing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.spi.Providers;
import dev.teepol.kms.crypto.Hpke;
import dev.teepol.kms.crypto.Kem;
import dev.teepol.kms.crypto.Keyring;
import dev.teepol.kms.crypto.MasterKey;
import dev.teepol.kms.crypto.RecipientKey;
import dev.teepol.kms.store.KmsStore;
import dev.teepol.providers.confidentialspace.ConfidentialSpaceChecks;
import dev.teepol.providers.confidentialspace.sim.SimCs;
import dev.teepol.providers.confidentialspace.sim.SimCsToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EigenCompute-style flow with Google Confidential Space: an app on TDX, production image, its
 * image digest pinned, asks for a token whose {@code eat_nonce} is the release binding of the
 * broker's nonce and its HPKE key, and gets its environment secrets sealed to that key. The same
 * token with another image digest, a debug image, a replayed nonce, a key it does not bind, another
 * audience or a forged signature is refused, each by the check that names the defect. Simulated
 * tokens signed by the test Confidential Space PKI, on the embedded store.
 */
class ConfidentialSpaceReleaseTest {
  static final String ENV = "DATABASE_URL=postgres://app:s3cr3t@db/app\nAPI_KEY=sk-test-123\n";
  static final String AUDIENCE = "https://kms.example/v1/kms";

  /** The eigencompute-app example policy, pinning the simulated image only. */
  static final String POLICY =
      "apiVersion: teepol.dev/v1\n"
          + "kind: TrustPolicy\n"
          + "metadata: {name: eigencompute-app, version: 1}\n"
          + "spec:\n"
          + "  substrate: {tee: [tdx]}\n"
          + "  tcb: {allow: [UpToDate]}\n"
          + "  workload:\n"
          + "    imageDigests: ['"
          + SimCs.IMAGE_DIGEST
          + "']\n"
          + "  freshness: {requireNonce: true}\n"
          + "  rules:\n"
          + "    - name: confidential-space\n"
          + "      expression: >-\n"
          + "        evidence.kind == 'confidential-space'\n"
          + "          && evidence.bound[?'confidential_space'].orValue('') == 'signature'\n"
          + "    - name: production-image\n"
          + "      expression: >-\n"
          + "        evidence.confidential_space.swname == 'CONFIDENTIAL_SPACE'\n"
          + "          && 'STABLE' in evidence.confidential_space.support_attributes\n";

  static final Clock CLOCK = Clock.fixed(SimCsToken.verifyAt(), ZoneOffset.UTC);
  static final Providers PROVIDERS = Providers.load();

  @TempDir Path tmp;
  KmsStore store;
  KeyBroker broker;
  final MasterKey master = MasterKey.generate();

  @BeforeEach
  void setUp() throws Exception {
    store = KmsStore.open(KmsStore.h2Url(tmp), "", "", 4);
    broker = broker(Optional.of(AUDIENCE));
    store.put(
        "app-env",
        POLICY,
        BrokerHarness.sha(POLICY),
        ENV.getBytes(StandardCharsets.UTF_8),
        master,
        CLOCK.instant());
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  KeyBroker broker(Optional<String> audience) {
    KeyBroker.Builder b =
        KeyBroker.builder()
            .store(store)
            .keyring(Keyring.of(master))
            .clock(CLOCK)
            .providers(PROVIDERS)
            .rateLimit(50, Duration.ofMinutes(1))
            // The test PKI's root pinned in place of Google's, as --trust-anchor does.
            .verifierSetup(v -> v.trustAnchor(SimCs.PKI.root()));
    audience.ifPresent(b::audience);
    return b.build();
  }

  /** A workload with an HPKE key pair, asking Google for tokens for the broker. */
  static final class Workload {
    final Kem kem;
    final AsymmetricCipherKeyPair keys;
    final RecipientKey publicKey;

    Workload(Kem kem) {
      this.kem = kem;
      this.keys = Hpke.generate(kem);
      this.publicKey = Hpke.publicKey(kem, keys);
    }

    /** The token the launcher returns for audience {@link #AUDIENCE} and this eat_nonce. */
    SimCsToken token(byte[] nonce, RecipientKey bound) {
      return SimCsToken.production()
          .claim("aud", AUDIENCE)
          .claim("eat_nonce", Hex.of(ReleaseBinding.nonce(nonce, bound)));
    }

    SimCsToken token(byte[] nonce) {
      return token(nonce, publicKey);
    }

    ReleaseRequest request(byte[] token, byte[] nonce) {
      return new ReleaseRequest("app-env", token, nonce, publicKey);
    }
  }

  @Test
  void theAttestedImageGetsItsSecretsSealedToItsKeyAndOnlyOnce() throws Exception {
    for (Kem kem : Kem.values()) {
      Workload w = new Workload(kem);
      byte[] nonce = broker.challenge().nonce();
      ReleaseRequest req = w.request(w.token(nonce).bytes(), nonce);
      ReleaseOutcome o = broker.release(req);
      assertThat(o).as(o.toJson().toString()).isInstanceOf(ReleaseOutcome.Granted.class);
      ReleaseOutcome.Granted g = (ReleaseOutcome.Granted) o;
      byte[] plain = Hpke.open(kem, w.keys, g.info(), nonce, g.sealed());
      assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(ENV);
      assertThat(g.policy().sha256()).isEqualTo(BrokerHarness.sha(POLICY));
      assertThat(o.toJson().toString()).doesNotContain("s3cr3t").doesNotContain("sk-test");
      // Replayed: the nonce is spent, whatever the token.
      assertThat(failing(broker.release(req))).containsExactly(BrokerChecks.NONCE);
    }
  }

  @Test
  void theBindingMayBeOneOfSeveralNoncesInEitherHexCase() throws Exception {
    Workload w = new Workload(Kem.X25519);
    byte[] nonce = broker.challenge().nonce();
    String bindingHex = Hex.of(ReleaseBinding.nonce(nonce, w.publicKey)).toUpperCase();
    byte[] token =
        SimCsToken.production()
            .claim("aud", AUDIENCE)
            .claim("eat_nonce", List.of("workload-own-nonce-01", bindingHex))
            .bytes();
    assertThat(broker.release(w.request(token, nonce))).isInstanceOf(ReleaseOutcome.Granted.class);
  }

  @Test
  void anotherImageDigestIsRefusedByThePolicy() throws Exception {
    Workload w = new Workload(Kem.X25519);
    byte[] nonce = broker.challenge().nonce();
    byte[] token =
        w.token(nonce).submod("container", "image_digest", "sha256:" + "ab".repeat(32)).bytes();
    assertThat(failing(broker.release(w.request(token, nonce))))
        .containsExactly("policy.workload.image_digest");
  }

  @Test
  void aDebugImageIsRefused() throws Exception {
    Workload w = new Workload(Kem.X25519);
    byte[] nonce = broker.challenge().nonce();
    byte[] token = w.token(nonce).claim("dbgstat", "enabled").bytes();
    assertThat(failing(broker.release(w.request(token, nonce))))
        .containsExactly("policy.platform.not_debug");
  }

  @Test
  void aTokenReplayedWithAFreshNonceIsRefused() throws Exception {
    Workload w = new Workload(Kem.X25519);
    byte[] first = broker.challenge().nonce();
    byte[] token = w.token(first).bytes();
    assertThat(broker.release(w.request(token, first))).isInstanceOf(ReleaseOutcome.Granted.class);
    // An observer of the granted request asks again with its own fresh nonce: the token binds the
    // spent one.
    byte[] fresh = broker.challenge().nonce();
    assertThat(failing(broker.release(w.request(token, fresh))))
        .containsExactly(
            ConfidentialSpaceChecks.NONCE, "policy.freshness.nonce", BrokerChecks.BINDING);
  }

  @Test
  void aKeyTheTokenDoesNotBindIsRefused() throws Exception {
    Workload w = new Workload(Kem.X25519);
    Workload attacker = new Workload(Kem.X25519);
    byte[] nonce = broker.challenge().nonce();
    // The genuine token (binding the workload's key) presented with the attacker's key.
    byte[] token = w.token(nonce).bytes();
    assertThat(failing(broker.release(attacker.request(token, nonce))))
        .containsExactly(
            ConfidentialSpaceChecks.NONCE, "policy.freshness.nonce", BrokerChecks.BINDING);
  }

  @Test
  void theBrokersRawNonceIsNotABinding() throws Exception {
    // eat_nonce carrying the broker's nonce alone binds no key: anyone could have the sealed
    // secret sent to their own.
    Workload w = new Workload(Kem.X25519);
    byte[] nonce = broker.challenge().nonce();
    byte[] token =
        SimCsToken.production().claim("aud", AUDIENCE).claim("eat_nonce", Hex.of(nonce)).bytes();
    assertThat(failing(broker.release(w.request(token, nonce))))
        .containsExactly(
            ConfidentialSpaceChecks.NONCE, "policy.freshness.nonce", BrokerChecks.BINDING);
  }

  @Test
  void aTokenForAnotherAudienceOrABrokerWithoutOneIsRefused() throws Exception {
    Workload w = new Workload(Kem.X25519);
    byte[] nonce = broker.challenge().nonce();
    byte[] token = w.token(nonce).claim("aud", SimCs.AUDIENCE).bytes();
    assertThat(failing(broker.release(w.request(token, nonce))))
        .containsExactly(ConfidentialSpaceChecks.AUDIENCE);
    KeyBroker noAudience = broker(Optional.empty());
    byte[] n2 = noAudience.challenge().nonce();
    ReleaseOutcome o = noAudience.release(w.request(w.token(n2).bytes(), n2));
    assertThat(failing(o)).containsExactly(ConfidentialSpaceChecks.AUDIENCE);
    assertThat(((ReleaseOutcome.Refused) o).failing().get(0).explanation()).contains("audience");
  }

  @Test
  void aForgedTokenIsRefusedAndItsNonceIsNeverTakenAsBound() throws Exception {
    Workload w = new Workload(Kem.X25519);
    byte[] nonce = broker.challenge().nonce();
    // Another PKI with the same names: the claims, eat_nonce included, are the attacker's.
    byte[] token =
        w.token(nonce)
            .x5c(SimCs.FORGED.chain(SimCs.FORGED.leaf(SimCs.IAT.minusSeconds(60), SimCs.EXP)))
            .signWith(SimCs.FORGED.signingKey())
            .bytes();
    List<String> failing = failing(broker.release(w.request(token, nonce)));
    assertThat(failing)
        .contains(ConfidentialSpaceChecks.CHAIN, BrokerChecks.BINDING)
        .doesNotContain(BrokerChecks.NONCE);
  }
}
