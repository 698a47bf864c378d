package dev.teepol.providers.confidentialspace;

import com.nimbusds.jose.jwk.JWKSet;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.providers.jose.Jwks;
import java.util.Map;
import java.util.Optional;

/**
 * The one thing the Confidential Space provider asks an appraisal's collateral source for: the JWKS
 * that verifies OIDC tokens. Only the sources the operator configures serve it ({@link
 * ConfidentialSpaceJwksFile}, {@link ConfidentialSpaceJwksHttp}); no directory of evidence ever
 * does, so a JWKS shipped next to a token is never used. PKI tokens need none: their key comes with
 * its chain to the pinned root.
 */
public final class ConfidentialSpaceCollateral {
  /** Request type for the OIDC JWKS (no parameters). */
  public static final String JWKS = "confidential_space_jwks";

  private ConfidentialSpaceCollateral() {}

  public static CollateralRequest jwksRequest() {
    return new CollateralRequest(JWKS, Map.of());
  }

  /** The JWKS and where it came from, parsed within the limits. */
  public record KeySet(JWKSet keys, String origin) {}

  /**
   * @throws Jwks.InvalidJwks the source failed or the document does not parse within the limits
   */
  public static Optional<KeySet> jwks(AppraisalContext ctx) throws Jwks.InvalidJwks {
    Optional<CollateralDocument> doc;
    try {
      doc = ctx.collateral().fetch(jwksRequest());
    } catch (CollateralException e) {
      throw new Jwks.InvalidJwks("Confidential Space JWKS unavailable: " + e.getMessage(), e);
    }
    if (doc.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new KeySet(Jwks.parse(doc.get().body(), ctx.limits()), doc.get().origin()));
  }
}
