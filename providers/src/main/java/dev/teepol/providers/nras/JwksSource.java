package dev.teepol.providers.nras;

import com.nimbusds.jose.jwk.JWKSet;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Where NRAS signing keys come from: a recorded JWKS (offline), or NVIDIA's JWKS endpoint through
 * {@link HttpsJwksSource}. An empty answer means no keys: every token is then UNEVALUABLE. Whatever
 * the source, a key is used only after {@link NrasSigningKey} chained it to the pinned intermediate.
 */
public interface JwksSource {
  /** Collateral request type for the NRAS JWKS; a collateral source that knows it serves the document. */
  String COLLATERAL_TYPE = "nras_jwks";

  Optional<JWKSet> keys(AppraisalContext context) throws JwksException;

  /** A fixed key set (a recorded file, or a test key). */
  static JwksSource of(JWKSet keys) {
    return ctx -> Optional.of(keys);
  }

  /** The JWKS as collateral of the appraisal context ({@link #COLLATERAL_TYPE}): the default. */
  static JwksSource fromCollateral() {
    return ctx -> {
      try {
        Optional<CollateralDocument> doc = ctx.collateral().fetch(new CollateralRequest(COLLATERAL_TYPE, Map.of()));
        if (doc.isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(parse(doc.get().body(), ctx.limits().maxCollateralBytes(), ctx.limits().maxAttestedParts()));
      } catch (CollateralException e) {
        throw new JwksException("NRAS JWKS unavailable: " + e.getMessage(), e);
      }
    };
  }

  /** Parses a JWKS document within the collateral size bound and key-count bound. */
  static JWKSet parse(byte[] body, int maxBytes, int maxKeys) throws JwksException {
    if (body.length > maxBytes) {
      throw new JwksException("JWKS is " + body.length + " bytes, over the limit of " + maxBytes, null);
    }
    try {
      JWKSet set = JWKSet.parse(new String(body, StandardCharsets.UTF_8));
      if (set.getKeys().size() > maxKeys) {
        throw new JwksException("JWKS has " + set.getKeys().size() + " keys, over the limit of " + maxKeys, null);
      }
      return set;
    } catch (java.text.ParseException e) {
      throw new JwksException("JWKS does not parse: " + e.getMessage(), e);
    }
  }

  /** The JWKS could not be obtained or read; the tokens are then UNEVALUABLE. */
  final class JwksException extends Exception {
    public JwksException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
