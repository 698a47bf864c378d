package dev.teepol.providers.jose;

import com.nimbusds.jose.jwk.JWKSet;
import dev.teepol.core.limits.Limits;
import java.nio.charset.StandardCharsets;

/** A JSON Web Key Set read within the collateral size bound and the key-count bound. */
public final class Jwks {
  private Jwks() {}

  /**
   * @throws InvalidJwks naming the bound exceeded or the parse error
   */
  public static JWKSet parse(byte[] body, Limits limits) throws InvalidJwks {
    if (body.length > limits.maxCollateralBytes()) {
      throw new InvalidJwks(
          "JWKS is " + body.length + " bytes, over the limit of " + limits.maxCollateralBytes(),
          null);
    }
    JWKSet set;
    try {
      set = JWKSet.parse(new String(body, StandardCharsets.UTF_8));
    } catch (java.text.ParseException e) {
      throw new InvalidJwks("JWKS does not parse: " + e.getMessage(), e);
    }
    if (set.getKeys().size() > limits.maxAttestedParts()) {
      throw new InvalidJwks(
          "JWKS has "
              + set.getKeys().size()
              + " keys, over the limit of "
              + limits.maxAttestedParts(),
          null);
    }
    return set;
  }

  /** A JWKS that could not be read; the tokens that need it are then UNEVALUABLE. */
  public static final class InvalidJwks extends Exception {
    public InvalidJwks(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
