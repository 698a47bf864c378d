package dev.teepol.providers.confidentialspace;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.providers.http.BoundedHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Google's JWKS for OIDC Confidential Space tokens, fetched over HTTPS ({@link BoundedHttp}: bytes
 * and time bounded, no redirects) and kept for {@code ttl} by the injected clock. The default URI
 * is the {@code jwks_uri} of {@code
 * https://confidentialcomputing.googleapis.com/.well-known/openid-configuration}. What anchors
 * these keys is TLS to that fixed host (the Web PKI): weaker than the pinned root of PKI tokens,
 * which is why teepol fetches nothing unless asked (docs/security.md).
 */
public final class ConfidentialSpaceJwksHttp implements CollateralSource {
  /** Google's published key set for Confidential Space OIDC tokens. */
  public static final URI GOOGLE_JWKS =
      URI.create(
          "https://www.googleapis.com/service_accounts/v1/metadata/jwk/signer@confidentialspace-sign.iam.gserviceaccount.com");

  private final URI uri;
  private final Duration ttl;
  private final Duration requestTimeout;
  private final Clock clock;
  private final int maxBytes;
  private final BoundedHttp http;

  /** The last JWKS fetched and when; one entry, so no eviction to get wrong. */
  private CollateralDocument jwks;

  private Instant fetchedAt;

  private ConfidentialSpaceJwksHttp(Builder b) {
    this.uri = b.uri;
    this.ttl = b.ttl;
    this.requestTimeout = b.requestTimeout;
    this.clock = b.clock;
    this.maxBytes = b.limits.maxCollateralBytes();
    this.http = new BoundedHttp(b.connectTimeout);
  }

  public static Builder builder(Clock clock) {
    return new Builder(clock);
  }

  @Override
  public synchronized Optional<CollateralDocument> fetch(CollateralRequest request)
      throws CollateralException {
    if (!ConfidentialSpaceCollateral.JWKS.equals(request.type())) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    // A clock that went backwards past the fetch also expires the copy.
    if (jwks == null || now.isBefore(fetchedAt) || !now.isBefore(fetchedAt.plus(ttl))) {
      try {
        byte[] body =
            http.sendExpectingOk(
                HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build(),
                maxBytes,
                requestTimeout);
        jwks = new CollateralDocument(body, "", uri.toString());
        fetchedAt = now;
      } catch (IOException e) {
        throw new CollateralException("Confidential Space JWKS " + e.getMessage(), e);
      }
    }
    // Callers get their own body array, so nobody can alter what the cache serves next.
    return Optional.of(new CollateralDocument(jwks.body().clone(), "", jwks.origin()));
  }

  @Override
  public String describe() {
    return "Confidential Space JWKS " + uri;
  }

  /** Configuration; every field has a conservative default except the clock. */
  public static final class Builder {
    private final Clock clock;
    private URI uri = GOOGLE_JWKS;
    private Duration ttl = Duration.ofMinutes(10);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Limits limits = Limits.DEFAULT;

    private Builder(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Builder uri(URI u) {
      this.uri = BoundedHttp.requireHttpsOrLoopback(u, "jwksUri");
      return this;
    }

    /** How long a fetched JWKS is served from memory; zero fetches it for every appraisal. */
    public Builder ttl(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("ttl must not be negative: " + d);
      }
      this.ttl = d;
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    public Builder requestTimeout(Duration d) {
      this.requestTimeout = positive(d, "requestTimeout");
      return this;
    }

    public Builder limits(Limits l) {
      this.limits = Objects.requireNonNull(l, "limits");
      return this;
    }

    public ConfidentialSpaceJwksHttp build() {
      return new ConfidentialSpaceJwksHttp(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
