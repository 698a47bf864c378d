package dev.teepol.providers.nras;

import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.providers.http.BoundedHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Live NRAS: POSTs a node's NVIDIA payload to {@code /v3/attest/gpu} and returns the response,
 * bounded by the collateral limit. Only https is accepted; the answer is verified like a recorded
 * one (EAT signatures by the JWKS, nonce), so this source is a transport, not a trust anchor.
 */
public final class HttpsNrasAttestationSource implements NrasAttestationSource {
  public static final URI NVIDIA = URI.create("https://nras.attestation.nvidia.com/v3/attest/gpu");

  /** Sends one JSON body and returns the response body, at most {@code maxBytes} of it. A seam for tests. */
  @FunctionalInterface
  public interface Poster {
    byte[] post(URI uri, String jsonBody, int maxBytes) throws IOException;
  }

  private final URI uri;
  private final Poster poster;

  public HttpsNrasAttestationSource(URI uri) {
    this(uri, HttpsNrasAttestationSource::httpPost);
  }

  public HttpsNrasAttestationSource(URI uri, Poster poster) {
    if (!"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("NRAS must be reached over https, not " + uri);
    }
    this.uri = uri;
    this.poster = poster;
  }

  @Override
  public Optional<CollateralDocument> attest(String payload, AppraisalContext ctx) throws CollateralException {
    try {
      return Optional.of(new CollateralDocument(poster.post(uri, payload, ctx.limits().maxCollateralBytes()), "", uri.toString()));
    } catch (IOException e) {
      throw new CollateralException("NRAS " + uri + ": " + e.getMessage(), e);
    }
  }

  private static byte[] httpPost(URI uri, String body, int maxBytes) throws IOException {
    return BoundedHttp.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), maxBytes);
  }

  @Override
  public String toString() {
    return "NRAS " + uri;
  }
}
