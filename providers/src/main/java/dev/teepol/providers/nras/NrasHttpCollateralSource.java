package dev.teepol.providers.nras;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.providers.http.BoundedHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Live NVIDIA Remote Attestation Service as collateral: {@link NrasCollateral#JWKS} is NVIDIA's key
 * set (GET, kept for {@code jwksTtl} by the injected clock: NRAS rotates kids every few days, so a
 * long-lived copy would turn new tokens UNEVALUABLE), {@link NrasCollateral#ATTESTATION} is a POST
 * of the node's GPU evidence payload to {@code /v3/attest/gpu} (never cached: each verdict is about
 * one nonce). Put it in an appraisal context, alone or with {@link CollateralSource#firstOf}, to
 * verify NEAR GPU evidence online; no provider is built differently for it.
 *
 * <p>Only transport lives here: answers are verified like recorded ones (EAT signatures by JWKS
 * keys chained to the pinned NVIDIA intermediate, the node's nonce, the payload's GPUs). Every
 * exchange is bounded by {@link Limits#maxCollateralBytes()} and the request timeout ({@link
 * BoundedHttp}). URIs must be https, except http to a loopback address (a local proxy, or a test).
 */
public final class NrasHttpCollateralSource implements CollateralSource {
  /** NRAS's published key set. */
  public static final URI NVIDIA_JWKS =
      URI.create("https://nras.attestation.nvidia.com/.well-known/jwks.json");

  /** NRAS's GPU attestation endpoint. */
  public static final URI NVIDIA_ATTEST_GPU =
      URI.create("https://nras.attestation.nvidia.com/v3/attest/gpu");

  private final URI jwksUri;
  private final URI attestUri;
  private final Duration jwksTtl;
  private final Duration requestTimeout;
  private final Clock clock;
  private final int maxBytes;
  private final BoundedHttp http;

  /** The last JWKS fetched and when; one entry, so no eviction to get wrong. */
  private CollateralDocument jwks;

  private Instant jwksFetchedAt;

  private NrasHttpCollateralSource(Builder b) {
    this.jwksUri = b.jwksUri;
    this.attestUri = b.attestUri;
    this.jwksTtl = b.jwksTtl;
    this.requestTimeout = b.requestTimeout;
    this.clock = b.clock;
    this.maxBytes = b.limits.maxCollateralBytes();
    this.http = new BoundedHttp(b.connectTimeout);
  }

  /** NVIDIA's production endpoints, at the given clock. */
  public static Builder builder(Clock clock) {
    return new Builder(clock);
  }

  @Override
  public Optional<CollateralDocument> fetch(CollateralRequest request) throws CollateralException {
    return switch (request.type()) {
      case NrasCollateral.JWKS -> Optional.of(jwks());
      case NrasCollateral.ATTESTATION -> Optional.of(attest(request.param(NrasCollateral.PAYLOAD)));
      default -> Optional.empty();
    };
  }

  private synchronized CollateralDocument jwks() throws CollateralException {
    Instant now = clock.instant();
    // A clock that went backwards past the fetch also expires the copy.
    if (jwks != null && !now.isBefore(jwksFetchedAt) && now.isBefore(jwksFetchedAt.plus(jwksTtl))) {
      return copy(jwks);
    }
    byte[] body = exchange(HttpRequest.newBuilder(jwksUri).timeout(requestTimeout).GET().build());
    jwks = new CollateralDocument(body, "", jwksUri.toString());
    jwksFetchedAt = now;
    return copy(jwks);
  }

  private CollateralDocument attest(String payload) throws CollateralException {
    if (payload.isEmpty()) {
      throw new CollateralException("NRAS attestation request without a payload");
    }
    byte[] body =
        exchange(
            HttpRequest.newBuilder(attestUri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build());
    return new CollateralDocument(body, "", attestUri.toString());
  }

  private byte[] exchange(HttpRequest request) throws CollateralException {
    try {
      return http.sendExpectingOk(request, maxBytes, requestTimeout);
    } catch (IOException e) {
      throw new CollateralException("NRAS " + e.getMessage(), e);
    }
  }

  /** Callers get their own body array, so nobody can alter what the cache serves next. */
  private static CollateralDocument copy(CollateralDocument d) {
    return new CollateralDocument(d.body().clone(), d.issuerChainPem(), d.origin());
  }

  @Override
  public String describe() {
    return "NVIDIA NRAS at " + attestUri + " (JWKS " + jwksUri + ")";
  }

  /** Configuration; every field has a conservative default except the clock. */
  public static final class Builder {
    private final Clock clock;
    private URI jwksUri = NVIDIA_JWKS;
    private URI attestUri = NVIDIA_ATTEST_GPU;
    private Duration jwksTtl = Duration.ofMinutes(10);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Limits limits = Limits.DEFAULT;

    private Builder(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Builder jwksUri(URI u) {
      this.jwksUri = secure(u, "jwksUri");
      return this;
    }

    public Builder attestUri(URI u) {
      this.attestUri = secure(u, "attestUri");
      return this;
    }

    /** How long a fetched JWKS is served from memory; zero fetches it for every appraisal. */
    public Builder jwksTtl(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("jwksTtl must not be negative: " + d);
      }
      this.jwksTtl = d;
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    /** The most one exchange may take, body included. */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = positive(d, "requestTimeout");
      return this;
    }

    public Builder limits(Limits l) {
      this.limits = Objects.requireNonNull(l, "limits");
      return this;
    }

    public NrasHttpCollateralSource build() {
      return new NrasHttpCollateralSource(this);
    }

    private static URI secure(URI u, String what) {
      return BoundedHttp.requireHttpsOrLoopback(u, what);
    }

    private static Duration positive(Duration d, String what) {
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
