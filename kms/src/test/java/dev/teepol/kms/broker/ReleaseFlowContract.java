package dev.teepol.kms.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.verdict.CheckResult;
import dev.teepol.kms.crypto.Kem;
import dev.teepol.kms.crypto.Keyring;
import dev.teepol.kms.crypto.MasterKey;
import dev.teepol.kms.store.AuditEntry;
import dev.teepol.kms.store.KmsStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release flow end to end with a simulated dstack TDX workload (EigenCompute-style: an app's
 * environment secrets released only to the attested app image): granted and opened with the
 * workload's key; refused for another app, a debug TD, a replayed nonce, a key the evidence does
 * not bind; two replicas share nonces. Runs on H2 and on PostgreSQL.
 */
abstract class ReleaseFlowContract {
  static final String ENV = "DATABASE_URL=postgres://app:s3cr3t@db/app\nAPI_KEY=sk-test-123\n";

  @TempDir Path tmp;
  static Path sim;
  KmsStore store;
  KmsStore replicaStore;
  KeyBroker broker;
  KeyBroker replica;
  final MasterKey master = MasterKey.generate();

  abstract String url() throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    synchronized (ReleaseFlowContract.class) {
      if (sim == null) {
        sim = SimWorkload.writeCollateral(Files.createTempDirectory("teepol-kms-sim"));
      }
    }
    String url = url();
    store = KmsStore.open(url, "", "", 4);
    replicaStore = KmsStore.open(url, "", "", 4);
    broker = BrokerHarness.broker(store, Keyring.of(master), sim, 5);
    replica = BrokerHarness.broker(replicaStore, Keyring.of(master), sim, 5);
    BrokerHarness.put(store, master, "app-env", SimWorkload.POLICY, ENV);
  }

  @AfterEach
  void tearDown() {
    // Null when the set-up was aborted (no PostgreSQL configured: the tests are skipped).
    if (store != null) {
      store.close();
    }
    if (replicaStore != null) {
      replicaStore.close();
    }
  }

  static List<String> failing(ReleaseOutcome o) {
    assertThat(o).isInstanceOf(ReleaseOutcome.Refused.class);
    return ((ReleaseOutcome.Refused) o).failing().stream().map(CheckResult::id).toList();
  }

  @Test
  void theAttestedAppGetsItsSecretSealedToItsKeyAndOnlyOnce() throws Exception {
    for (Kem kem : Kem.values()) {
      SimWorkload w = new SimWorkload(kem);
      byte[] nonce = broker.challenge().nonce();
      ReleaseRequest req = w.request("app-env", w.evidence(nonce), nonce);
      ReleaseOutcome o = replica.release(req);
      assertThat(o).as(o.toJson().toString()).isInstanceOf(ReleaseOutcome.Granted.class);
      ReleaseOutcome.Granted g = (ReleaseOutcome.Granted) o;
      assertThat(new String(w.open(g, nonce), StandardCharsets.UTF_8)).isEqualTo(ENV);
      assertThat(g.policy().sha256()).isEqualTo(BrokerHarness.sha(SimWorkload.POLICY));
      assertThat(o.toJson().toString()).doesNotContain("s3cr3t").doesNotContain("sk-test");
      // The same request again, at either replica: the nonce is spent.
      assertThat(failing(broker.release(req))).containsExactly(BrokerChecks.NONCE);
    }
  }

  @Test
  void anotherAppImageIsRefusedByItsPolicy() throws Exception {
    SimWorkload w = new SimWorkload(Kem.X25519);
    w.composeOverride = "{\"name\":\"another-image\"}";
    byte[] nonce = broker.challenge().nonce();
    assertThat(failing(broker.release(w.request("app-env", w.evidence(nonce), nonce))))
        .containsExactly("policy.workload.compose_hash");
  }

  @Test
  void aDebugTdIsRefused() throws Exception {
    SimWorkload w = new SimWorkload(Kem.X25519);
    w.debug = true;
    byte[] nonce = broker.challenge().nonce();
    assertThat(failing(broker.release(w.request("app-env", w.evidence(nonce), nonce))))
        .contains("policy.platform.not_debug")
        .doesNotContain(BrokerChecks.BINDING, BrokerChecks.NONCE);
  }

  @Test
  void aKeyTheEvidenceDoesNotBindIsRefused() throws Exception {
    SimWorkload w = new SimWorkload(Kem.X25519);
    SimWorkload attacker = new SimWorkload(Kem.X25519);
    byte[] nonce = broker.challenge().nonce();
    // Genuine evidence of the app, replayed by someone who asks for the secret sealed to their key.
    byte[] ev = w.evidence(nonce);
    assertThat(failing(broker.release(attacker.request("app-env", ev, nonce))))
        .containsExactly(BrokerChecks.BINDING);
  }

  @Test
  void evidenceForAnotherNonceIsRefusedEvenWithAFreshOne() throws Exception {
    SimWorkload w = new SimWorkload(Kem.X25519);
    byte[] old = broker.challenge().nonce();
    byte[] ev = w.evidence(old);
    byte[] fresh = broker.challenge().nonce();
    assertThat(failing(broker.release(w.request("app-env", ev, fresh))))
        .containsExactly(BrokerChecks.BINDING);
    assertThat(failing(broker.release(w.request("app-env", ev, new byte[32]))))
        .containsExactly(BrokerChecks.NONCE);
  }

  @Test
  void anUnknownSecretIsRefusedAndEveryAttemptIsAudited() throws Exception {
    SimWorkload w = new SimWorkload(Kem.X25519);
    byte[] nonce = broker.challenge().nonce();
    assertThat(failing(broker.release(w.request("nope", w.evidence(nonce), nonce))))
        .containsExactly(BrokerChecks.SECRET);
    List<AuditEntry> tail = store.auditTail(10);
    assertThat(tail).extracting(AuditEntry::action).containsExactly("put", "release");
    assertThat(tail.get(1).decision()).isEqualTo("DENY");
    assertThat(tail.get(1).detail()).contains(BrokerChecks.SECRET);
    assertThat(store.verifyAudit().intact()).isTrue();
  }

  @Test
  void releasesPerSecretAreRateLimitedAcrossReplicas() throws Exception {
    SimWorkload w = new SimWorkload(Kem.X25519);
    byte[] ev = w.evidence(new byte[32]);
    int limited = 0;
    for (int i = 0; i < 7; i++) {
      KeyBroker b = i % 2 == 0 ? broker : replica;
      byte[] nonce = b.challenge().nonce();
      ReleaseOutcome o = b.release(w.request("app-env", ev, nonce));
      limited += o instanceof ReleaseOutcome.Limited ? 1 : 0;
    }
    assertThat(limited).isEqualTo(2);
  }

  @Test
  void releasesDuringRotationAndAPolicyChangeNeverUseTheStalePolicyAndLoseNoAuditRow()
      throws Exception {
    int clients = 6;
    int each = 4;
    MasterKey next = MasterKey.generate();
    Keyring both = Keyring.of(master).rotatedTo(next);
    // Both replicas learn the new key before the rotation starts (docs/kms.md, rotation).
    broker.keyring(both);
    replica.keyring(both);
    KeyBroker unlimited = BrokerHarness.broker(store, both, sim, 1000);
    KeyBroker unlimitedReplica = BrokerHarness.broker(replicaStore, both, sim, 1000);

    java.util.concurrent.CountDownLatch someDone = new java.util.concurrent.CountDownLatch(clients);
    java.util.concurrent.ExecutorService ex =
        java.util.concurrent.Executors.newFixedThreadPool(clients + 1);
    java.util.List<java.util.concurrent.Future<java.util.List<ReleaseOutcome>>> results =
        new java.util.ArrayList<>();
    for (int c = 0; c < clients; c++) {
      KeyBroker b = c % 2 == 0 ? unlimited : unlimitedReplica;
      results.add(
          ex.submit(
              () -> {
                SimWorkload w = new SimWorkload(Kem.X25519);
                java.util.List<ReleaseOutcome> mine = new java.util.ArrayList<>();
                for (int i = 0; i < each; i++) {
                  byte[] nonce = b.challenge().nonce();
                  ReleaseOutcome o = b.release(w.request("app-env", w.evidence(nonce), nonce));
                  if (o instanceof ReleaseOutcome.Granted g) {
                    assertThat(new String(w.open(g, nonce), StandardCharsets.UTF_8)).isEqualTo(ENV);
                  }
                  mine.add(o);
                  if (i == 0) {
                    someDone.countDown();
                  }
                }
                return mine;
              }));
    }
    java.util.concurrent.Future<Long> admin =
        ex.submit(
            () -> {
              someDone.await();
              store.rotate(both, BrokerHarness.CLOCK.instant());
              store.setPolicy(
                  "app-env",
                  SimWorkload.OTHER_APP_POLICY,
                  BrokerHarness.sha(SimWorkload.OTHER_APP_POLICY),
                  "test: narrowing",
                  BrokerHarness.CLOCK.instant());
              return store.auditTail(1000).stream()
                  .filter(e -> e.action().equals("set-policy"))
                  .findFirst()
                  .orElseThrow()
                  .seq();
            });
    long policyChangeSeq = admin.get();
    java.util.List<ReleaseOutcome> all = new java.util.ArrayList<>();
    for (var f : results) {
      all.addAll(f.get());
    }
    ex.shutdown();

    assertThat(all).hasSize(clients * each);
    for (ReleaseOutcome o : all) {
      if (o instanceof ReleaseOutcome.Granted g) {
        // Granted only under the old policy, and committed before the change.
        assertThat(g.policyVersion()).isEqualTo(1);
        assertThat(g.auditSeq()).isLessThan(policyChangeSeq);
      } else {
        assertThat(failing(o)).containsExactly("policy.workload.compose_hash");
        assertThat(((ReleaseOutcome.Refused) o).auditSeq()).isGreaterThan(policyChangeSeq);
      }
    }
    assertThat(all).anyMatch(o -> o instanceof ReleaseOutcome.Granted);
    java.util.List<AuditEntry> audit = store.auditTail(1000);
    assertThat(audit.stream().filter(e -> e.action().equals("release"))).hasSize(clients * each);
    assertThat(audit.stream().filter(e -> e.action().equals("rotate"))).hasSize(1);
    assertThat(store.verifyAudit().intact()).isTrue();
    assertThat(store.list())
        .singleElement()
        .extracting(KmsStore.Listing::masterKid)
        .isEqualTo(next.kid());
  }

  @Test
  void aPolicyChangeCommittedAfterTheDecisionButBeforeTheGrantIsAppliedToTheRelease()
      throws Exception {
    SimWorkload w = new SimWorkload(Kem.X25519);
    java.util.concurrent.atomic.AtomicBoolean once =
        new java.util.concurrent.atomic.AtomicBoolean();
    broker.beforeGrant(
        () -> {
          if (once.compareAndSet(false, true)) {
            try {
              replicaStore.setPolicy(
                  "app-env",
                  SimWorkload.OTHER_APP_POLICY,
                  BrokerHarness.sha(SimWorkload.OTHER_APP_POLICY),
                  "test",
                  BrokerHarness.CLOCK.instant());
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        });
    byte[] nonce = broker.challenge().nonce();
    ReleaseOutcome o = broker.release(w.request("app-env", w.evidence(nonce), nonce));
    assertThat(once).isTrue();
    assertThat(failing(o)).containsExactly("policy.workload.compose_hash");
    assertThat(((ReleaseOutcome.Refused) o).policyVersion()).isEqualTo(2);
  }
}
