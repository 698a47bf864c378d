package dev.teepol.server.http;

import dev.teepol.server.metrics.ServiceMetrics;
import dev.teepol.verifier.json.JsonOut;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Dispatches requests to the route table by method and exact path, turns {@link ApiError}s into
 * error documents, and logs and counts every request. Unknown paths are 404, known paths with
 * another method 405 with {@code Allow}.
 */
public final class Router extends Handler.Abstract {
  private final List<Route> routes;
  private final long maxBodyBytes;
  private final ServiceMetrics metrics;
  private final AccessLog log;
  private final Clock clock;
  private final SecureRandom ids = new SecureRandom();

  public Router(
      List<Route> routes, long maxBodyBytes, ServiceMetrics metrics, AccessLog log, Clock clock) {
    this.routes = List.copyOf(routes);
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = metrics;
    this.log = log;
    this.clock = clock;
  }

  public List<Route> routes() {
    return routes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    byte[] idBytes = new byte[8];
    ids.nextBytes(idBytes);
    String requestId = HexFormat.of().formatHex(idBytes);
    Optional<Route> route =
        routes.stream().filter(r -> r.path().equals(path) && r.method().equals(method)).findFirst();
    String endpoint = route.map(Route::path).orElse("other");
    Reply reply;
    try {
      if (route.isEmpty()) {
        List<String> allowed =
            routes.stream().filter(r -> r.path().equals(path)).map(Route::method).toList();
        if (allowed.isEmpty()) {
          throw new ApiError(404, "not_found", "no endpoint " + path + " (see /openapi.json)");
        }
        reply =
            error(
                    new ApiError(
                        405,
                        "method_not_allowed",
                        method + " is not allowed on " + path + "; use " + allowed))
                .withHeader("Allow", String.join(", ", allowed));
      } else {
        reply = route.get().endpoint().handle(new Call(request, maxBodyBytes));
      }
    } catch (ApiError e) {
      reply = error(e);
    } catch (RuntimeException e) {
      reply =
          error(new ApiError(500, "internal", "internal error (request " + requestId + ")"))
              .withLog(Map.of("exception", String.valueOf(e)));
    }
    response.setStatus(reply.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    response.getHeaders().put("X-Request-Id", requestId);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
    if (reply.status() >= 400
        && request.getConnectionMetaData().getHttpVersion().getVersion() < 20) {
      // An error may leave the request body unread (a 413 refuses it before reading): the
      // connection cannot carry another request, and saying so keeps an HTTP/1.1 client from
      // reusing it while the server closes it (the next request would meet a broken pipe).
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    metrics.request(endpoint, reply.status(), took);
    log.log(
        clock.instant(),
        requestId,
        Request.getRemoteAddr(request),
        method,
        path,
        reply.status(),
        Math.max(0, request.getLength()),
        reply.body().length,
        took.toNanos() / 1e6,
        reply.logFields());
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
    return true;
  }

  /** The error document of {@code e}. */
  public static Reply error(ApiError e) {
    String json =
        JsonOut.compact(
            JsonOut.JSON
                .createObjectBuilder()
                .add(
                    "error",
                    JsonOut.JSON
                        .createObjectBuilder()
                        .add("status", e.status())
                        .add("code", e.code())
                        .add("message", e.getMessage()))
                .build());
    Reply r = Reply.json(e.status(), json).withLog(Map.of("error", e.code()));
    if (e.retryAfter().isPresent()) {
      r = r.withHeader("Retry-After", Long.toString(Math.max(1, e.retryAfter().get().toSeconds())));
    }
    return r;
  }
}
