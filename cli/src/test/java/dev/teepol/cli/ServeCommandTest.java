package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code teepol serve}: flags and errors, and one real start on loopback. */
class ServeCommandTest {
  static final Path TDX = Path.of("..", "examples", "tdx");
  static final String POLICY =
      "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: p, version: 1}\n"
          + "spec:\n  substrate: {tee: [tdx]}\n  tcb: {allow: [UpToDate]}\n";

  @TempDir Path tmp;

  @Test
  void withoutPoliciesItIsAUsageError() {
    CliRun r = CliRun.real("serve");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.err()).contains("--policies DIR is required");
  }

  @Test
  void aBrokenPolicyDirectoryIsAStartErrorNamingTheFile() throws Exception {
    Files.writeString(tmp.resolve("bad.yaml"), "apiVersion: teepol.dev/v1\nkind: Nope\n");
    CliRun r = CliRun.real("serve", "--policies", tmp.toString(), "--listen", "127.0.0.1:0");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.err()).contains("bad.yaml").contains("cannot be served");
  }

  @Test
  void badFlagValuesAreUsageErrors() {
    assertThat(CliRun.real("serve", "--policies", tmp.toString(), "--listen", "8443").err())
        .contains("HOST:PORT");
    assertThat(
            CliRun.real("serve", "--policies", tmp.toString(), "--request-timeout", "soon").err())
        .contains("--request-timeout");
    assertThat(CliRun.real("serve", "--policies", tmp.toString(), "--tls-cert", "a.pem").err())
        .contains("--tls-key");
  }

  @Test
  void flagsOverrideTheEnvironment() throws Exception {
    ServeCommand c =
        new ServeCommand(
            env(Map.of("TEEPOL_LISTEN", "0.0.0.0:9000", "TEEPOL_POLICIES", tmp.toString())));
    new CommandLine(c).parseArgs("--listen", "127.0.0.1:7000", "--verdict-cache-ttl", "0");
    var cfg = c.configuration();
    assertThat(cfg.port()).isEqualTo(7000);
    assertThat(cfg.policies()).isEqualTo(tmp);
    assertThat(cfg.verdictCacheTtl()).isZero();
  }

  @Test
  void servesUntilStopped() throws Exception {
    Files.writeString(tmp.resolve("p.yaml"), POLICY);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    StringWriter err = new StringWriter();
    CliEnvironment e =
        new CliEnvironment(
            dev.teepol.core.spi.Providers.load(),
            Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC),
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));
    int[] code = {-1};
    Thread t =
        new Thread(
            () ->
                code[0] =
                    Main.run(
                        new String[] {
                          "serve",
                          "--policies",
                          tmp.toString(),
                          "--listen",
                          "127.0.0.1:" + port,
                          "--collateral",
                          TDX.resolve("collateral").toString(),
                          "--trust-anchor",
                          TDX.resolve("root_ca.der").toString()
                        },
                        e));
    t.start();
    HttpClient http = HttpClient.newHttpClient();
    URI base = URI.create("http://127.0.0.1:" + port);
    HttpResponse<String> ready = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (ready == null && System.nanoTime() < deadline) {
      try {
        ready =
            http.send(
                HttpRequest.newBuilder(base.resolve("/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    assertThat(ready).isNotNull();
    assertThat(ready.statusCode()).isEqualTo(200);
    HttpResponse<String> v =
        http.send(
            HttpRequest.newBuilder(base.resolve("/v1/verify"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(TDX.resolve("quote.bin")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(v.body()).contains("\"decision\":\"ALLOW\"").contains("\"clock\":\"service clock\"");
    t.interrupt();
    t.join(30_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(code[0]).isEqualTo(ExitCodes.ALLOW);
    assertThat(err.toString()).contains("listening on http://127.0.0.1:" + port);
  }

  static CliEnvironment env() {
    return env(Map.of());
  }

  static CliEnvironment env(Map<String, String> environment) {
    return new CliEnvironment(
        dev.teepol.core.spi.Providers.load(),
        Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC),
        java.io.InputStream.nullInputStream(),
        new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()),
        environment);
  }
}
