package dev.teepol.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A loopback server: 200 within the bound, 200 over it (declared and chunked), an error status, a
 * redirect, and a body that never ends: bytes and time are both bounded.
 */
class BoundedHttpTest {
  private HttpServer server;
  private URI base;
  private final CountDownLatch release = new CountDownLatch(1);
  private final BoundedHttp http = new BoundedHttp(Duration.ofSeconds(2));

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext("/small", x -> reply(x, 200, new byte[100], 100));
    server.createContext("/declared", x -> reply(x, 200, new byte[1 << 16], 1 << 16));
    server.createContext("/chunked", x -> reply(x, 200, new byte[1 << 16], 0));
    server.createContext("/error", x -> reply(x, 503, new byte[10], 10));
    server.createContext(
        "/redirect",
        x -> {
          x.getResponseHeaders().add("Location", base.resolve("/small").toString());
          reply(x, 302, new byte[0], -1);
        });
    server.createContext(
        "/slow",
        x -> {
          x.sendResponseHeaders(200, 0);
          try (OutputStream out = x.getResponseBody()) {
            out.write(new byte[10]);
            out.flush();
            release.await();
          } catch (IOException | InterruptedException ignored) {
            // the client gave up, as it should
          }
        });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  private static void reply(
      com.sun.net.httpserver.HttpExchange x, int status, byte[] body, long declared)
      throws IOException {
    x.sendResponseHeaders(status, declared);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    } catch (IOException ignored) {
      // the client may hang up once it has read past its bound
    }
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).GET().build();
  }

  @Test
  void readsABodyWithinTheBound() throws IOException {
    assertThat(http.sendExpectingOk(get("/small"), 100, Duration.ofSeconds(5))).hasSize(100);
  }

  @Test
  void refusesABodyOverTheBoundWhetherDeclaredOrChunked() {
    assertThatThrownBy(() -> http.send(get("/declared"), 1000, Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("declares 65536 bytes, over the collateral limit of 1000");
    assertThatThrownBy(() -> http.send(get("/chunked"), 1000, Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("exceeds the collateral limit of 1000");
  }

  @Test
  void anotherStatusIsReportedWithoutReadingItsBodyAndRedirectsAreNotFollowed() throws IOException {
    BoundedHttp.Response error = http.send(get("/error"), 1000, Duration.ofSeconds(5));
    assertThat(error.status()).isEqualTo(503);
    assertThat(error.body()).isEmpty();
    assertThat(http.send(get("/redirect"), 1000, Duration.ofSeconds(5)).status()).isEqualTo(302);
    assertThatThrownBy(() -> http.sendExpectingOk(get("/error"), 1000, Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 503");
  }

  @Test
  void aBodyThatNeverEndsIsAbandonedAtTheTimeout() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> http.send(get("/slow"), 1000, Duration.ofMillis(300)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no complete response within");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}
