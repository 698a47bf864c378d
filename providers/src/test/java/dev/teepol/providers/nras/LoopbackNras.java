package dev.teepol.providers.nras;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.teepol.core.limits.Limits;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An NRAS stand-in on a loopback port: {@code /jwks.json} answers with a JWKS, {@code /attest}
 * answers a POSTed payload through a function. It records what it was asked, so tests can see what
 * went over the wire. Closing it stops the server.
 */
final class LoopbackNras implements AutoCloseable {
  private final HttpServer server;
  private final URI base;
  final List<String> jwksRequests = new CopyOnWriteArrayList<>();
  final List<String> attestBodies = new CopyOnWriteArrayList<>();
  private volatile byte[] jwks;
  private volatile Function<String, byte[]> attest;

  LoopbackNras(byte[] jwks, Function<String, byte[]> attest) throws IOException {
    this.jwks = jwks;
    this.attest = attest;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/jwks.json",
        x -> {
          jwksRequests.add(x.getRequestMethod());
          reply(x, this.jwks);
        });
    server.createContext(
        "/attest",
        x -> {
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          attestBodies.add(
              x.getRequestMethod()
                  + " "
                  + x.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + body);
          reply(x, this.attest.apply(body));
        });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void jwks(byte[] body) {
    this.jwks = body;
  }

  NrasHttpCollateralSource.Builder source(Clock clock) {
    return NrasHttpCollateralSource.builder(clock)
        .jwksUri(base.resolve("/jwks.json"))
        .attestUri(base.resolve("/attest"))
        .connectTimeout(Duration.ofSeconds(2))
        .requestTimeout(Duration.ofSeconds(5))
        .limits(Limits.DEFAULT);
  }

  private static void reply(HttpExchange x, byte[] body) throws IOException {
    try (x;
        OutputStream out = x.getResponseBody()) {
      x.sendResponseHeaders(200, body.length);
      out.write(body);
    } catch (IOException clientWentAway) {
      // the client may hang up once it has read past its bound
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
