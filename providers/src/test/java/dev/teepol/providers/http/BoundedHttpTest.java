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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A loopback server: 200 within the bound, 200 over it (chunked, no length), and an error status. */
class BoundedHttpTest {
  private HttpServer server;
  private URI base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/small", x -> reply(x, 200, new byte[100], 100));
    server.createContext("/big", x -> reply(x, 200, new byte[1 << 16], 0));
    server.createContext("/error", x -> reply(x, 503, new byte[10], 10));
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void reply(com.sun.net.httpserver.HttpExchange x, int status, byte[] body, long declared) throws IOException {
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
    assertThat(BoundedHttp.send(get("/small"), 100)).hasSize(100);
  }

  @Test
  void refusesABodyOverTheBound() {
    assertThatThrownBy(() -> BoundedHttp.send(get("/big"), 1000)).isInstanceOf(IOException.class).hasMessageContaining("over the limit of 1000");
  }

  @Test
  void refusesANon200Status() {
    assertThatThrownBy(() -> BoundedHttp.send(get("/error"), 1000)).isInstanceOf(IOException.class).hasMessageContaining("HTTP 503");
  }
}
