package dev.teepol.kms.broker;

import static dev.teepol.kms.broker.ReleaseFlowContract.failing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.spi.Providers;
import dev.teepol.kms.crypto.Hpke;
import dev.teepol.kms.crypto.Kem;
import dev.teepol.kms.crypto.Keyring;
import dev.teepol.kms.crypto.MasterKey;
import dev.teepol.kms.crypto.RecipientKey;
import dev.teepol.kms.store.KmsStore;
import dev.teepol.policy.compile.Policies;
import dev.teepol.providers.mock.MockChallenge;
import dev.teepol.providers.mock.MockChecks;
import dev.teepol.providers.mock.SimMock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release flow with the development (mock) attester: under a development policy that admits it,
 * an answer whose challenge nonce is the release binding of the broker's nonce and the workload's
 * key gets the secret sealed to that key; another key, a replayed nonce, a key the answer does not
 * bind, a published key, an expired answer are refused. A secret guarded by {@code builtin:strict}
 * refuses mock evidence however genuine.
 */
class MockReleaseTest {
  static final String VALUE = "DEV_TOKEN=dev-only-123\n";

  /** A development policy: the mock attester only, fresh, no vendor TCB to judge. */
  static final String DEV_POLICY =
      "apiVersion: teepol.dev/v1\n"
          + "kind: TrustPolicy\n"
          + "metadata: {name: dev-env, version: 1}\n"
          + "spec:\n"
          + "  substrate: {tee: [mock]}\n"
          + "  tcb: {appliesTo: [tdx]}\n"
          + "  freshness: {requireNonce: true}\n";

  static final Instant NOW = SimMock.ISSUED.plusSeconds(60);
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Providers PROVIDERS = Providers.load();

  @TempDir Path tmp;
  KmsStore store;
  KeyBroker broker;
  final MasterKey master = MasterKey.generate();

  @BeforeEach
  void setUp() throws Exception {
    store = KmsStore.open(KmsStore.h2Url(tmp), "", "", 4);
    broker =
        KeyBroker.builder()
            .store(store)
            .keyring(Keyring.of(master))
            .clock(CLOCK)
            .providers(PROVIDERS)
            .rateLimit(50, Duration.ofMinutes(1))
            .verifierSetup(v -> v.mockKey(SimMock.KEY))
            .build();
    put("dev-env", DEV_POLICY);
  }

  void put(String name, String policy) throws Exception {
    store.put(
        name,
        policy,
        BrokerHarness.sha(policy),
        VALUE.getBytes(StandardCharsets.UTF_8),
        master,
        CLOCK.instant());
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  /** A development node: an HPKE key pair and the mock attester's key. */
  static final class Node {
    final Kem kem;
    final AsymmetricCipherKeyPair keys;
    final RecipientKey publicKey;

    Node(Kem kem) {
      this.kem = kem;
      this.keys = Hpke.generate(kem);
      this.publicKey = Hpke.publicKey(kem, keys);
    }

    /** The answer to a challenge whose nonce is the release binding of {@code nonce} and key. */
    static byte[] answer(byte[] mockKey, byte[] nonce, RecipientKey bound, Instant expires) {
      MockChallenge c =
          new MockChallenge(
              "kms-release", ReleaseBinding.nonce(nonce, bound), SimMock.ISSUED, expires);
      return SimMock.answer(mockKey, c).getBytes(StandardCharsets.UTF_8);
    }

    byte[] answer(byte[] nonce) {
      return answer(SimMock.KEY, nonce, publicKey, SimMock.EXPIRES);
    }

    ReleaseRequest request(String secret, byte[] answer, byte[] nonce) {
      return new ReleaseRequest(secret, answer, nonce, publicKey);
    }
  }

  @Test
  void aDevelopmentNodeGetsItsSecretSealedToItsKeyAndOnlyOnce() throws Exception {
    for (Kem kem : Kem.values()) {
      Node n = new Node(kem);
      byte[] nonce = broker.challenge().nonce();
      ReleaseRequest req = n.request("dev-env", n.answer(nonce), nonce);
      ReleaseOutcome o = broker.release(req);
      assertThat(o).as(o.toJson().toString()).isInstanceOf(ReleaseOutcome.Granted.class);
      ReleaseOutcome.Granted g = (ReleaseOutcome.Granted) o;
      byte[] plain = Hpke.open(kem, n.keys, g.info(), nonce, g.sealed());
      assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(VALUE);
      assertThat(failing(broker.release(req))).containsExactly(BrokerChecks.NONCE);
    }
  }

  @Test
  void anAnswerUnderAnotherKeyIsRefused() throws Exception {
    Node n = new Node(Kem.X25519);
    byte[] nonce = broker.challenge().nonce();
    byte[] answer =
        Node.answer(
            "not-the-configured-key".getBytes(StandardCharsets.UTF_8),
            nonce,
            n.publicKey,
            SimMock.EXPIRES);
    // An unauthenticated answer's nonce is never taken as carried, so the binding fails too.
    assertThat(failing(broker.release(n.request("dev-env", answer, nonce))))
        .contains(MockChecks.HMAC, BrokerChecks.BINDING)
        .doesNotContain(BrokerChecks.NONCE);
  }

  @Test
  void aPublishedKeysAnswerIsRefusedUnlessThePolicyNamesIt() throws Exception {
    Node n = new Node(Kem.X25519);
    byte[] nonce = broker.challenge().nonce();
    byte[] answer = Node.answer(SimMock.PUBLISHED, nonce, n.publicKey, SimMock.EXPIRES);
    assertThat(failing(broker.release(n.request("dev-env", answer, nonce))))
        .containsExactly("policy.mock.key");
  }

  @Test
  void anAnswerReplayedWithAFreshNonceIsRefused() throws Exception {
    Node n = new Node(Kem.X25519);
    byte[] first = broker.challenge().nonce();
    byte[] answer = n.answer(first);
    assertThat(broker.release(n.request("dev-env", answer, first)))
        .isInstanceOf(ReleaseOutcome.Granted.class);
    byte[] fresh = broker.challenge().nonce();
    assertThat(failing(broker.release(n.request("dev-env", answer, fresh))))
        .containsExactly(MockChecks.NONCE, "policy.freshness.nonce", BrokerChecks.BINDING);
  }

  @Test
  void aKeyTheAnswerDoesNotBindIsRefused() throws Exception {
    Node n = new Node(Kem.X25519);
    Node attacker = new Node(Kem.X25519);
    byte[] nonce = broker.challenge().nonce();
    assertThat(failing(broker.release(attacker.request("dev-env", n.answer(nonce), nonce))))
        .containsExactly(MockChecks.NONCE, "policy.freshness.nonce", BrokerChecks.BINDING);
  }

  @Test
  void anExpiredAnswerIsRefused() throws Exception {
    Node n = new Node(Kem.X25519);
    byte[] nonce = broker.challenge().nonce();
    byte[] answer = Node.answer(SimMock.KEY, nonce, n.publicKey, NOW.minusSeconds(1));
    assertThat(failing(broker.release(n.request("dev-env", answer, nonce))))
        .containsExactly(MockChecks.EXPIRY);
  }

  @Test
  void aSecretGuardedByBuiltinStrictRefusesGenuineMockEvidence() throws Exception {
    put("prod-db", Policies.source("builtin:strict"));
    Node n = new Node(Kem.X25519);
    byte[] nonce = broker.challenge().nonce();
    // The same answer releases the development secret, so only the policy tells them apart.
    byte[] answer = n.answer(nonce);
    assertThat(failing(broker.release(n.request("prod-db", answer, nonce))))
        .containsExactly("policy.substrate.tee");
    byte[] again = broker.challenge().nonce();
    assertThat(broker.release(n.request("dev-env", n.answer(again), again)))
        .isInstanceOf(ReleaseOutcome.Granted.class);
  }
}
