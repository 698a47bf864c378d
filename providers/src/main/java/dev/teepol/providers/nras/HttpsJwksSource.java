package dev.teepol.providers.nras;

import com.nimbusds.jose.jwk.JWKSet;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.providers.http.BoundedHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * NVIDIA's JWKS over HTTPS, kept for {@code ttl} by the appraisal clock (NRAS rotates kids every
 * few days, so a long-lived cache would turn new tokens UNEVALUABLE). Only {@code https} URIs are
 * accepted; the body is bounded by the collateral limit.
 */
public final class HttpsJwksSource implements JwksSource {
  /** NRAS's published key set. */
  public static final URI NVIDIA = URI.create("https://nras.attestation.nvidia.com/.well-known/jwks.json");

  /** Fetches the body of a URI, at most {@code maxBytes} of it. A seam for tests. */
  @FunctionalInterface
  public interface Fetcher {
    byte[] get(URI uri, int maxBytes) throws IOException;
  }

  private final URI uri;
  private final Duration ttl;
  private final Fetcher fetcher;
  private JWKSet cached;
  private Instant fetchedAt;

  public HttpsJwksSource(URI uri, Duration ttl) {
    this(uri, ttl, HttpsJwksSource::httpGet);
  }

  public HttpsJwksSource(URI uri, Duration ttl, Fetcher fetcher) {
    if (!"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("JWKS must be fetched over https, not " + uri);
    }
    this.uri = uri;
    this.ttl = ttl;
    this.fetcher = fetcher;
  }

  @Override
  public synchronized Optional<JWKSet> keys(AppraisalContext ctx) throws JwksException {
    Instant now = ctx.clock().instant();
    if (cached != null && !now.isBefore(fetchedAt) && now.isBefore(fetchedAt.plus(ttl))) {
      return Optional.of(cached);
    }
    byte[] body;
    try {
      body = fetcher.get(uri, ctx.limits().maxCollateralBytes());
    } catch (IOException e) {
      throw new JwksException("cannot fetch " + uri + ": " + e.getMessage(), e);
    }
    cached = JwksSource.parse(body, ctx.limits().maxCollateralBytes(), ctx.limits().maxAttestedParts());
    fetchedAt = now;
    return Optional.of(cached);
  }

  private static byte[] httpGet(URI uri, int maxBytes) throws IOException {
    return BoundedHttp.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(), maxBytes);
  }

}
