package dev.teepol.providers.confidentialspace.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Optional;

/**
 * The key of an OIDC token: the one RSA signing key its {@code kid} names in the JWKS the operator
 * configured. Two keys under one kid, or a key marked for another algorithm or use, verify nothing.
 */
final class JwksKey {
  private JwksKey() {}

  /** The key, or why there is none ({@code unevaluable} true when the kid is simply absent). */
  record Selected(Optional<RSAPublicKey> key, String problem, boolean unevaluable) {}

  static Selected select(JWKSet set, Optional<String> kid) {
    if (kid.isEmpty()) {
      return problem("the token carries no x5c and names no kid, so no key can verify it", false);
    }
    List<JWK> named = set.getKeys().stream().filter(k -> kid.get().equals(k.getKeyID())).toList();
    if (named.isEmpty()) {
      return problem(
          "kid "
              + kid.get()
              + " is not in the configured JWKS (Google rotates its keys: use the JWKS current"
              + " when the token was issued)",
          true);
    }
    if (named.size() > 1) {
      return problem("the JWKS lists " + named.size() + " keys under kid " + kid.get(), false);
    }
    JWK k = named.get(0);
    if (!(k instanceof RSAKey rsa)) {
      return problem("JWKS key " + kid.get() + " is not an RSA key", false);
    }
    if (k.getAlgorithm() != null && !JWSAlgorithm.RS256.equals(k.getAlgorithm())) {
      return problem(
          "JWKS key " + kid.get() + " is for " + k.getAlgorithm() + ", not RS256", false);
    }
    if (k.getKeyUse() != null && !KeyUse.SIGNATURE.equals(k.getKeyUse())) {
      return problem(
          "JWKS key " + kid.get() + " is for use '" + k.getKeyUse() + "', not signatures", false);
    }
    try {
      return new Selected(Optional.of(rsa.toRSAPublicKey()), "", false);
    } catch (JOSEException e) {
      return problem("JWKS key " + kid.get() + " is not a valid RSA key: " + e.getMessage(), false);
    }
  }

  private static Selected problem(String why, boolean unevaluable) {
    return new Selected(Optional.empty(), why, unevaluable);
  }
}
