package dev.teepol.server;

import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A running service on loopback for tests: simulated TDX evidence (the project's test PKI), its
 * collateral and root, a policy directory and a clock the test moves. Everything over real HTTP.
 */
final class Fixture implements AutoCloseable {
  static final Instant AT = DcapSimulator.VERIFY_AT;

  static final String POLICY =
      "apiVersion: teepol.dev/v1\n"
          + "kind: TrustPolicy\n"
          + "metadata: {name: tdx-service, version: 3}\n"
          + "spec:\n"
          + "  substrate: {tee: [tdx]}\n"
          + "  tcb: {allow: [UpToDate]}\n";

  static final String OTHER_POLICY =
      "apiVersion: teepol.dev/v1\n"
          + "kind: TrustPolicy\n"
          + "metadata: {name: other, version: 1}\n"
          + "spec:\n"
          + "  substrate: {tee: [sgx]}\n"
          + "  tcb: {allow: [UpToDate]}\n";

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    volatile Instant now;

    MovingClock(Instant start) {
      now = start;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  final Path dir;
  final Path policies;
  final Path collateral;
  final Path root;
  final MovingClock clock = new MovingClock(AT);
  final List<String> log = new CopyOnWriteArrayList<>();
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  TeepolServer server;

  private static SimulatedDcap base;

  static synchronized SimulatedDcap simulated() {
    if (base == null) {
      base = DcapSimulator.builder().build().generate();
    }
    return base;
  }

  /** A quote of the same simulated platform carrying {@code nonce} zero-padded in report_data. */
  static byte[] quoteWithNonce(byte[] nonce) {
    return DcapSimulator.builder().reportData(Arrays.copyOf(nonce, 64)).build().generate().quote();
  }

  Fixture(Path dir) throws IOException {
    this.dir = dir;
    this.policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(policies.resolve("tdx-service.yaml"), POLICY);
    Path sim = dir.resolve("sim");
    simulated().writeTo(sim);
    this.collateral = sim.resolve("collateral");
    this.root = sim.resolve("root_ca.der");
  }

  ServerConfig.Builder config() {
    return withoutCollateral().collateralDirectory(collateral);
  }

  /** Everything but the collateral directory. */
  ServerConfig.Builder withoutCollateral() {
    return ServerConfig.builder(policies)
        .port(0)
        .trustAnchors(List.of(root))
        .clock(clock)
        .maxConcurrent(4)
        .reloadInterval(Duration.ofHours(1));
  }

  Fixture start() throws Exception {
    return start(config());
  }

  Fixture start(ServerConfig.Builder config) throws Exception {
    server = TeepolServer.start(config.build(), log::add);
    return this;
  }

  URI uri(String path) {
    return server.uri().resolve(path);
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
    return post(path, contentType, body, "application/json");
  }

  HttpResponse<String> post(String path, String contentType, byte[] body, String accept)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", contentType)
            .header("Accept", accept)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postJson(String path, String json) throws Exception {
    return post(path, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
