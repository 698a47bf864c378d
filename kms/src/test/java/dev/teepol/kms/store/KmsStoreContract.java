package dev.teepol.kms.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.kms.crypto.Envelope;
import dev.teepol.kms.crypto.Keyring;
import dev.teepol.kms.crypto.MasterKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store must do, run against H2 and PostgreSQL. Two {@link KmsStore} instances on the
 * same database stand for two broker replicas.
 */
abstract class KmsStoreContract {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String POLICY = "apiVersion: teepol.dev/v1\nkind: TrustPolicy\n";

  KmsStore a;
  KmsStore b;
  final MasterKey master = MasterKey.generate();

  abstract String url() throws Exception;

  @BeforeEach
  void open() throws Exception {
    String url = url();
    a = KmsStore.open(url, "", "", 8);
    b = KmsStore.open(url, "", "", 8);
  }

  @AfterEach
  void close() {
    // Null when the set-up was aborted (no PostgreSQL configured: the tests are skipped).
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  byte[] open(KmsStore s, Keyring k, String name) throws Exception {
    StoredSecret row = s.get(name).orElseThrow();
    return Envelope.open(k, name, row.secretVersion(), row.envelope());
  }

  @Test
  void secretsAreStoredEncryptedAndReadBackByTheOtherReplica() throws Exception {
    byte[] plain = "DB_PASSWORD=hunter2".getBytes(StandardCharsets.UTF_8);
    a.put("app-env", POLICY, "aa".repeat(32), plain, master, T0);
    StoredSecret row = b.get("app-env").orElseThrow();
    assertThat(new String(row.envelope().ciphertext(), StandardCharsets.ISO_8859_1))
        .doesNotContain("hunter2");
    assertThat(open(b, Keyring.of(master), "app-env")).isEqualTo(plain);
    assertThat(row.policyVersion()).isEqualTo(1);
    a.put("app-env", POLICY, "aa".repeat(32), "v2".getBytes(StandardCharsets.UTF_8), master, T0);
    assertThat(b.get("app-env").orElseThrow().secretVersion()).isEqualTo(2);
    assertThat(b.get("app-env").orElseThrow().policyVersion()).isEqualTo(1);
    assertThat(b.setPolicy("app-env", POLICY + "# v2\n", "bb".repeat(32), "narrowing", T0))
        .isEqualTo(2);
    assertThat(a.list()).extracting(KmsStore.Listing::name).containsExactly("app-env");
  }

  @Test
  void anotherMasterKeyOrAnotherRowCannotOpenTheEnvelope() throws Exception {
    a.put("one", POLICY, "aa".repeat(32), new byte[] {1}, master, T0);
    a.put("two", POLICY, "aa".repeat(32), new byte[] {2}, master, T0);
    StoredSecret one = a.get("one").orElseThrow();
    assertThatThrownBy(() -> open(a, Keyring.of(MasterKey.generate()), "one"))
        .isInstanceOf(GeneralSecurityException.class);
    // The envelope of 'one' presented as 'two' (a row swap by someone with database access).
    assertThatThrownBy(
            () -> Envelope.open(Keyring.of(master), "two", one.secretVersion(), one.envelope()))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void rotationRewrapsEveryDataKeyAndOldKeysStillOpenUntilItCommits() throws Exception {
    for (int i = 0; i < 5; i++) {
      a.put("s" + i, POLICY, "aa".repeat(32), new byte[] {(byte) i}, master, T0);
    }
    MasterKey next = MasterKey.generate();
    Keyring both = Keyring.of(master).rotatedTo(next);
    assertThat(b.rotate(both, T0)).isEqualTo(5);
    assertThat(a.list()).allSatisfy(l -> assertThat(l.masterKid()).isEqualTo(next.kid()));
    assertThat(open(a, Keyring.of(next), "s3")).containsExactly(3);
    assertThat(b.rotate(both, T0)).isZero();
    assertThat(a.verifyAudit().intact()).isTrue();
  }

  @Test
  void aNonceIsUsedOnceAcrossReplicasEvenConcurrently() throws Exception {
    a.issueNonce("n1", T0.plusSeconds(60), T0);
    assertThat(b.consumeNonce("n1", T0)).isTrue();
    assertThat(a.consumeNonce("n1", T0)).isFalse();
    a.issueNonce("n2", T0.plusSeconds(60), T0);
    assertThat(b.consumeNonce("n2", T0.plusSeconds(61))).as("expired").isFalse();
    assertThat(b.consumeNonce("never-issued", T0)).isFalse();

    ExecutorService ex = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 10; round++) {
        String n = "race" + round;
        a.issueNonce(n, T0.plusSeconds(60), T0);
        List<Future<Boolean>> fs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          KmsStore s = t % 2 == 0 ? a : b;
          fs.add(ex.submit(() -> s.consumeNonce(n, T0)));
        }
        int wins = 0;
        for (Future<Boolean> f : fs) {
          wins += f.get() ? 1 : 0;
        }
        assertThat(wins).as("round " + round).isEqualTo(1);
      }
    } finally {
      ex.shutdownNow();
    }
  }

  @Test
  void concurrentAppendsFromTwoReplicasFormOneIntactChainWithNoLostRow() throws Exception {
    int n = 200;
    ExecutorService ex = Executors.newFixedThreadPool(8);
    AtomicInteger i = new AtomicInteger();
    List<Callable<AuditEntry>> tasks = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      tasks.add(
          () -> {
            int k = i.incrementAndGet();
            KmsStore s = k % 2 == 0 ? a : b;
            return s.audit(new AuditEntry.Draft(T0, "release", "s", "e" + k, "p", "DENY", "x"));
          });
    }
    try {
      for (Future<AuditEntry> f : ex.invokeAll(tasks)) {
        f.get();
      }
    } finally {
      ex.shutdownNow();
    }
    AuditChain.Report r = a.verifyAudit();
    assertThat(r.intact()).as(r.problem()).isTrue();
    assertThat(r.rows()).isEqualTo(n);
    assertThat(b.releasesSince("s", T0.minusSeconds(1))).isEqualTo(n);
  }

  @Test
  void anEditedDeletedOrTruncatedAuditRowIsDetected() throws Exception {
    for (int k = 0; k < 5; k++) {
      a.audit(new AuditEntry.Draft(T0, "release", "s", "e" + k, "p", "DENY", "d" + k));
    }
    assertThat(a.verifyAudit().intact()).isTrue();
    a.executeForTest("UPDATE kms_audit SET decision = 'ALLOW' WHERE seq = 3");
    assertThat(a.verifyAudit().problem()).contains("row 3 was edited");
    a.executeForTest("UPDATE kms_audit SET decision = 'DENY' WHERE seq = 3");
    assertThat(a.verifyAudit().intact()).isTrue();
    a.executeForTest("DELETE FROM kms_audit WHERE seq = 2");
    assertThat(a.verifyAudit().problem()).contains("row 2 is missing");
  }

  @Test
  void deletingTheLastRowIsDetectedByTheHead() throws Exception {
    for (int k = 0; k < 3; k++) {
      a.audit(new AuditEntry.Draft(T0, "release", "s", "e" + k, "p", "DENY", "d" + k));
    }
    a.executeForTest("DELETE FROM kms_audit WHERE seq = 3");
    assertThat(a.verifyAudit().intact()).isFalse();
    assertThat(a.verifyAudit().problem()).contains("deleted");
  }
}
