package dev.teepol.providers.nras;

import com.nimbusds.jose.jwk.JWKSet;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.providers.jose.Jwks;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What the NRAS and NEAR providers ask an appraisal's collateral source for: NVIDIA's JWKS, and
 * NRAS's verdict on a node's GPU evidence. A capture directory ({@link
 * NrasDirectoryCollateralSource}) serves recorded ones; {@link NrasHttpCollateralSource} asks
 * NVIDIA live. Either way nothing is trusted because of where it came from: a JWKS key counts only
 * after {@link NrasSigningKey} chained it to the pinned intermediate, a verdict only after its EATs
 * verify with such a key. An empty answer means none: the checks that need it are UNEVALUABLE.
 */
public final class NrasCollateral {
  /** Request type for NVIDIA's JWKS (no parameters). */
  public static final String JWKS = "nras_jwks";

  /**
   * Request type for NRAS's verdict on a GPU evidence payload; parameters {@link #PAYLOAD} and
   * {@link #PAYLOAD_SHA256}.
   */
  public static final String ATTESTATION = "nras_attestation";

  /** The exact NVIDIA payload JSON the node published: the body a live NRAS is sent. */
  public static final String PAYLOAD = "payload";

  /**
   * Lowercase hex SHA-256 of {@link #PAYLOAD}'s UTF-8 bytes, for stores that index recorded
   * verdicts.
   */
  public static final String PAYLOAD_SHA256 = "payload_sha256";

  private NrasCollateral() {}

  public static CollateralRequest jwksRequest() {
    return new CollateralRequest(JWKS, Map.of());
  }

  public static CollateralRequest attestationRequest(String payload) {
    return new CollateralRequest(
        ATTESTATION,
        Map.of(
            PAYLOAD,
            payload,
            PAYLOAD_SHA256,
            Hex.of(Digests.sha256(payload.getBytes(StandardCharsets.UTF_8)))));
  }

  /**
   * The JWKS the appraisal's collateral source serves, parsed within the limits; empty when it has
   * none.
   */
  static Optional<JWKSet> jwks(AppraisalContext ctx) throws JwksException {
    Optional<CollateralDocument> doc;
    try {
      doc = ctx.collateral().fetch(jwksRequest());
    } catch (CollateralException e) {
      throw new JwksException("NRAS JWKS unavailable: " + e.getMessage(), e);
    }
    return doc.isEmpty()
        ? Optional.empty()
        : Optional.of(parseJwks(doc.get().body(), ctx.limits()));
  }

  /**
   * NRAS's verdict on {@code payload} as the appraisal's collateral source serves it (recorded or
   * live).
   */
  public static Optional<CollateralDocument> attestation(String payload, AppraisalContext ctx)
      throws CollateralException {
    return ctx.collateral().fetch(attestationRequest(payload));
  }

  /** Parses a JWKS document within the collateral size bound and the key-count bound. */
  static JWKSet parseJwks(byte[] body, Limits limits) throws JwksException {
    try {
      return Jwks.parse(body, limits);
    } catch (Jwks.InvalidJwks e) {
      throw new JwksException(e.getMessage(), e);
    }
  }

  /** The JWKS could not be obtained or read; the tokens are then UNEVALUABLE. */
  static final class JwksException extends Exception {
    JwksException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
