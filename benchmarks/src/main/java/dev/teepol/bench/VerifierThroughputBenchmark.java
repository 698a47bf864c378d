package dev.teepol.bench;

import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.VerifyOptions;
import dev.teepol.verifier.json.JsonOut;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Library throughput: one {@link TeepolVerifier} shared by every benchmark thread (run with {@code
 * -t 1} and {@code -t 2} on the two cores), each thread walking the same mix of TDX evidence from
 * the simulator (test PKI): valid twice, a tampered TD report, a truncated quote and JSON no
 * provider claims. No verdict cache. Every verdict is compared with the one a single-threaded
 * verifier gave for the same input (the whole JSON report); a difference fails the run. The
 * concurrency test (ConcurrentVerifyTest) covers every provider; this measures the rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifierThroughputBenchmark {
  private TeepolVerifier shared;
  private List<byte[]> inputs;
  private List<String> expected;

  @Setup(Level.Trial)
  public void start() throws Exception {
    Path dir = Files.createTempDirectory("teepol-throughput");
    SimulatedDcap sim = DcapSimulator.builder().build().generate();
    sim.writeTo(dir);
    Path policy = dir.resolve("tdx.yaml");
    Files.writeString(
        policy,
        "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: tdx, version: 1}\n"
            + "spec:\n  substrate: {tee: [tdx]}\n  tcb: {allow: [UpToDate]}\n");
    byte[] valid = sim.quote().clone();
    byte[] tampered = sim.quote().clone();
    tampered[100] ^= 1; // a register of the signed TD report
    byte[] truncated = Arrays.copyOf(sim.quote(), 700);
    byte[] junk = "{\"not\":\"evidence\"}".getBytes(StandardCharsets.UTF_8);
    inputs = List.of(valid, valid, tampered, truncated, junk);
    try (TeepolVerifier single = verifier(dir, policy)) {
      expected = inputs.stream().map(in -> json(single, in)).toList();
    }
    shared = verifier(dir, policy);
    if (!shared.verify(valid, options()).allowed()) {
      throw new IllegalStateException("the valid simulated quote must ALLOW");
    }
  }

  private static TeepolVerifier verifier(Path dir, Path policy) throws Exception {
    return TeepolVerifier.builder()
        .policy(policy)
        .collateralDirectory(dir.resolve("collateral"))
        .trustAnchor(dir.resolve("root_ca.der"))
        .clock(Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC))
        .build();
  }

  private static VerifyOptions options() {
    return VerifyOptions.builder().name("input").build();
  }

  private static String json(TeepolVerifier v, byte[] in) {
    return JsonOut.compact(v.verify(in, options()).toJsonObject());
  }

  @TearDown(Level.Trial)
  public void stop() {
    shared.close();
  }

  /** One thread's walk through the inputs. */
  @State(Scope.Thread)
  public static class Walk {
    int next;
  }

  @Benchmark
  public VerificationResult verify(Walk w) {
    int i = w.next++ % inputs.size();
    VerificationResult v = shared.verify(inputs.get(i), options());
    // Checked on a sample (the JSON costs as much as a warm verify): a wrong verdict under
    // concurrency would still show within a few hundred calls.
    if ((w.next & 63) == 0 && !JsonOut.compact(v.toJsonObject()).equals(expected.get(i))) {
      throw new IllegalStateException("input " + i + ": verdict differs from single-threaded");
    }
    return v;
  }
}
