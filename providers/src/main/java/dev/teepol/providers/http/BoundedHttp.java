package dev.teepol.providers.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one HTTP client of the providers (PCS collateral, NRAS): every exchange is bounded in bytes
 * and in time. A 200 body is read only up to {@code maxBytes}: a declared Content-Length over the
 * bound is refused before any body byte is read, an undeclared (chunked) body is abandoned the
 * moment it crosses the bound, so a hostile server cannot make the verifier allocate what it sends.
 * The whole exchange, body included, must complete within the timeout. Bodies of other statuses are
 * never read, and redirects are not followed (a server could otherwise send the verifier somewhere
 * the operator did not configure).
 *
 * <p>One instance holds one {@link HttpClient} (its connection pool and selector thread), so a
 * collateral source keeps one for its lifetime rather than building a client per request.
 */
public final class BoundedHttp {
  private final HttpClient client;

  /** A status, the headers, and the body (empty unless the status is 200). */
  public record Response(int status, HttpHeaders headers, byte[] body) {}

  public BoundedHttp(Duration connectTimeout) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout"))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Sends {@code request} and waits at most {@code timeout} for the complete response.
   *
   * @throws IOException naming the URI: unreachable, timed out, or a body over {@code maxBytes}
   */
  public Response send(HttpRequest request, int maxBytes, Duration timeout) throws IOException {
    URI uri = request.uri();
    CompletableFuture<HttpResponse<byte[]>> pending =
        client.sendAsync(request, new BoundedBodyHandler(maxBytes));
    HttpResponse<byte[]> resp;
    try {
      // HttpRequest.timeout is not documented to cover reading the body; this bounds both.
      resp = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new IOException(uri + ": no complete response within " + timeout, e);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new IOException(uri + ": interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof java.net.ConnectException
          || cause instanceof java.net.UnknownHostException
          || cause instanceof java.net.http.HttpConnectTimeoutException
          || cause instanceof java.nio.channels.UnresolvedAddressException) {
        // The same for every document of one host: said as one short fact, not per URL.
        throw new IOException(uri.getHost() + " unreachable: " + describe(cause), cause);
      }
      throw new IOException(uri + ": " + describe(cause), cause);
    }
    return new Response(resp.statusCode(), resp.headers(), resp.body());
  }

  /** An exception's message, or its type when it has none (a ConnectException often has none). */
  static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  /**
   * {@code u} when it is https, or http to a loopback address (a local proxy, or a test); anything
   * else is refused, naming {@code what}. No name is looked up.
   *
   * @throws IllegalArgumentException for any other URI
   */
  public static URI requireHttpsOrLoopback(URI u, String what) {
    Objects.requireNonNull(u, what);
    if ("https".equals(u.getScheme()) || ("http".equals(u.getScheme()) && loopback(u.getHost()))) {
      return u;
    }
    throw new IllegalArgumentException(
        what + " must be https (or http to a loopback address): " + u);
  }

  /** Whether {@code host} is localhost or a loopback literal (127.x.y.z, ::1). */
  private static boolean loopback(String host) {
    if (host == null) {
      return false;
    }
    if (host.equals("localhost") || host.equals("[::1]") || host.equals("::1")) {
      return true;
    }
    String[] parts = host.split("\\.", -1);
    return parts.length == 4
        && parts[0].equals("127")
        && java.util.Arrays.stream(parts)
            .allMatch(
                p -> !p.isEmpty() && p.length() <= 3 && p.chars().allMatch(Character::isDigit));
  }

  /** As {@link #send}, refusing any status but 200. */
  public byte[] sendExpectingOk(HttpRequest request, int maxBytes, Duration timeout)
      throws IOException {
    Response r = send(request, maxBytes, timeout);
    if (r.status() != 200) {
      throw new IOException(request.uri() + ": HTTP " + r.status());
    }
    return r.body();
  }

  /** Reads a 200 body only up to {@code maxBytes}; never reads the body of another status. */
  private static final class BoundedBodyHandler implements HttpResponse.BodyHandler<byte[]> {
    private final int maxBytes;

    BoundedBodyHandler(int maxBytes) {
      this.maxBytes = maxBytes;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
      if (info.statusCode() != 200) {
        return new BoundedSubscriber(0, null);
      }
      OptionalLong declared = info.headers().firstValueAsLong("Content-Length");
      if (declared.isPresent() && declared.getAsLong() > maxBytes) {
        return new BoundedSubscriber(
            maxBytes,
            "response declares "
                + declared.getAsLong()
                + " bytes, over the collateral limit of "
                + maxBytes
                + " bytes");
      }
      return new BoundedSubscriber(maxBytes, null);
    }
  }

  /**
   * Collects at most {@code maxBytes}; cancels the subscription (closing the connection) on the
   * first buffer past the bound. With {@code refusal} set it cancels before reading anything.
   */
  private static final class BoundedSubscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final int maxBytes;
    private final String refusal;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    BoundedSubscriber(int maxBytes, String refusal) {
      this.maxBytes = maxBytes;
      this.refusal = refusal;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = Objects.requireNonNull(s);
      if (refusal != null) {
        s.cancel();
        result.completeExceptionally(new IOException(refusal));
      } else if (maxBytes == 0) {
        // A non-200 body: its status is all we use, so do not read it at all.
        s.cancel();
        result.complete(new byte[0]);
      } else {
        s.request(1);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        if (buffer.size() + (long) item.remaining() > maxBytes) {
          subscription.cancel();
          result.completeExceptionally(
              new IOException(
                  "response body exceeds the collateral limit of " + maxBytes + " bytes"));
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        buffer.writeBytes(chunk);
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(buffer.toByteArray());
    }
  }
}
