package dev.teepol.providers.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One HTTPS exchange whose answer must be a 200 with a body of at most {@code maxBytes}: the body
 * is read through a bound (never buffered whole first), so a hostile server cannot make the
 * verifier allocate what it sends.
 */
public final class BoundedHttp {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private BoundedHttp() {}

  public static byte[] send(HttpRequest request, int maxBytes) throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    try {
      HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        if (r.statusCode() != 200) {
          throw new IOException("HTTP " + r.statusCode());
        }
        byte[] b = in.readNBytes(maxBytes + 1);
        if (b.length > maxBytes) {
          throw new IOException("body over the limit of " + maxBytes + " bytes");
        }
        return b;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
