package dev.teepol.bench;

import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import dev.teepol.server.ServerConfig;
import dev.teepol.server.TeepolServer;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerifyOptions;
import dev.teepol.verifier.json.JsonOut;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The load test of the verification service: {@value #CLIENTS} concurrent clients on loopback, each
 * sending a mix of valid, tampered and malformed TDX evidence (simulated, test PKI) to POST
 * /v1/verify, with and without the verdict cache. Bounded by JMH's iterations. Every answer is
 * checked against the verdict a single-threaded verifier gives for the same input: a different
 * verdict, or any status but 200 and the designed 503, fails the run (no wrong answer under load).
 * Throughput mode gives requests/s; sample mode gives p50/p99 latency.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
@Threads(ServiceLoadBenchmark.CLIENTS)
public class ServiceLoadBenchmark {
  static final int CLIENTS = 8;

  /** The verdict cache: 5 minutes, or off. */
  @Param({"on", "off"})
  public String cache;

  TeepolServer server;
  List<byte[]> inputs;
  List<String> expected;
  URI verify;
  final AtomicLong overloaded = new AtomicLong();
  final AtomicLong served = new AtomicLong();

  @Setup(Level.Trial)
  public void start() throws Exception {
    Path dir = Files.createTempDirectory("teepol-load");
    SimulatedDcap sim = DcapSimulator.builder().build().generate();
    sim.writeTo(dir);
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(
        policies.resolve("tdx.yaml"),
        "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: tdx, version: 1}\n"
            + "spec:\n  substrate: {tee: [tdx]}\n  tcb: {allow: [UpToDate]}\n");
    Clock clock = Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC);
    byte[] valid = sim.quote().clone();
    byte[] tampered = sim.quote().clone();
    tampered[100] ^= 1; // a register of the signed TD report
    byte[] truncated = java.util.Arrays.copyOf(sim.quote(), 700);
    byte[] junk = "{\"not\":\"evidence\"}".getBytes(StandardCharsets.UTF_8);
    inputs = List.of(valid, valid, tampered, truncated, junk);

    ServerConfig config =
        ServerConfig.builder(policies)
            .port(0)
            .collateralDirectory(dir.resolve("collateral"))
            .trustAnchors(List.of(dir.resolve("root_ca.der")))
            .clock(clock)
            .maxConcurrent(CLIENTS)
            .verdictCacheTtl(cache.equals("on") ? Duration.ofMinutes(5) : Duration.ZERO)
            .build();
    // The reference: one thread, no cache, the same configuration and options as the service.
    try (TeepolVerifier single =
        TeepolVerifier.builder()
            .policy(policies.resolve("tdx.yaml"))
            .collateralDirectory(dir.resolve("collateral"))
            .trustAnchor(dir.resolve("root_ca.der"))
            .clock(clock)
            .clockDescription("service clock")
            .build()) {
      expected =
          inputs.stream()
              .map(
                  in ->
                      JsonOut.compact(
                          single
                              .verify(in, VerifyOptions.builder().name("request").build())
                              .toJsonObject()))
              .toList();
    }
    server = TeepolServer.start(config, line -> {});
    verify = server.uri().resolve("/v1/verify?policy=tdx");
  }

  @TearDown(Level.Trial)
  public void stop() {
    server.close();
    System.out.println(
        "\n[load] cache="
            + cache
            + ": "
            + served.get()
            + " verdicts, all equal to the single-threaded ones; "
            + overloaded.get()
            + " designed 503s");
  }

  /** One client: its own HTTP connection pool and its own walk through the inputs. */
  @State(Scope.Thread)
  public static class Client {
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    int next;
  }

  @Benchmark
  public int verify(Client c) throws Exception {
    int i = c.next++ % inputs.size();
    HttpResponse<String> r =
        c.http.send(
            HttpRequest.newBuilder(verify)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(inputs.get(i)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 503) {
      overloaded.incrementAndGet();
      return 503;
    }
    if (r.statusCode() != 200) {
      throw new IllegalStateException("input " + i + ": HTTP " + r.statusCode() + ": " + r.body());
    }
    if (!r.body().equals(expected.get(i))) {
      throw new IllegalStateException(
          "input " + i + ": a verdict under load differs from the single-threaded one");
    }
    served.incrementAndGet();
    return r.body().length();
  }
}
