package dev.teepol.bench;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.spi.Providers;
import dev.teepol.kms.broker.KeyBroker;
import dev.teepol.kms.broker.ReleaseBinding;
import dev.teepol.kms.broker.ReleaseOutcome;
import dev.teepol.kms.broker.ReleaseRequest;
import dev.teepol.kms.crypto.Hpke;
import dev.teepol.kms.crypto.Kem;
import dev.teepol.kms.crypto.Keyring;
import dev.teepol.kms.crypto.MasterKey;
import dev.teepol.kms.crypto.RecipientKey;
import dev.teepol.kms.store.KmsStore;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One key release, end to end in process: the single-use nonce consumed, the TDX quote verified and
 * the secret's policy evaluated, the binding of nonce and key checked, the row locked, the envelope
 * opened, the secret sealed with HPKE (X25519) and the audit row appended — on the embedded H2 file
 * and on PostgreSQL over loopback ({@code -p store=postgres} needs {@code TEEPOL_TEST_PG_URL}, e.g.
 * from {@code .ci/postgres.sh}). The nonce and the quote binding it are made before each call and
 * not measured. Sample mode: p50/p99.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class KmsReleaseBenchmark {
  static final String POLICY =
      "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: bench, version: 1}\n"
          + "spec:\n  substrate: {tee: [tdx]}\n  tcb: {allow: [UpToDate]}\n";

  @Param({"h2", "postgres"})
  public String store;

  Path dir;
  KmsStore kms;
  KeyBroker broker;
  final RecipientKey key = Hpke.publicKey(Kem.X25519, Hpke.generate(Kem.X25519));
  ReleaseRequest next;

  @Setup(Level.Trial)
  public void start() throws Exception {
    dir = Files.createTempDirectory("teepol-kms-bench");
    SimulatedDcap sim = DcapSimulator.builder().build().generate();
    sim.writeTo(dir.resolve("sim"));
    String url = store.equals("h2") ? KmsStore.h2Url(dir.resolve("db")) : postgres();
    kms = KmsStore.open(url, "", "", 4);
    MasterKey master = MasterKey.generate();
    kms.put(
        "bench",
        POLICY,
        Hex.of(Digests.sha256(POLICY.getBytes(StandardCharsets.UTF_8))),
        "TOKEN=bench".getBytes(StandardCharsets.UTF_8),
        master,
        DcapSimulator.VERIFY_AT);
    broker =
        KeyBroker.builder()
            .store(kms)
            .keyring(Keyring.of(master))
            .clock(Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC))
            .providers(Providers.load())
            .rateLimit(Integer.MAX_VALUE, Duration.ofMinutes(1))
            .verifierSetup(
                b ->
                    b.collateralDirectory(dir.resolve("sim/collateral"))
                        .trustAnchor(dir.resolve("sim/root_ca.der")))
            .build();
  }

  private static String postgres() throws Exception {
    String base = System.getenv("TEEPOL_TEST_PG_URL");
    if (base == null || base.isBlank()) {
      throw new IllegalStateException(
          "store=postgres needs TEEPOL_TEST_PG_URL (source .ci/postgres.sh; pg_start)");
    }
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** A fresh nonce and a quote binding it with the key: not measured. */
  @Setup(Level.Invocation)
  public void prepare() throws Exception {
    byte[] nonce = broker.challenge().nonce();
    byte[] quote =
        DcapSimulator.builder()
            .reportData(ReleaseBinding.reportData(nonce, key))
            .build()
            .generate()
            .quote();
    next = new ReleaseRequest("bench", quote, nonce, key);
  }

  @Benchmark
  public ReleaseOutcome release() throws Exception {
    ReleaseOutcome o = broker.release(next);
    if (!(o instanceof ReleaseOutcome.Granted)) {
      throw new IllegalStateException("release refused: " + o.toJson());
    }
    return o;
  }

  @TearDown(Level.Trial)
  public void stop() {
    kms.close();
  }
}
