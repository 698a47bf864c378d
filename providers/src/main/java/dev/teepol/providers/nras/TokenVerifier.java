package dev.teepol.providers.nras;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.teepol.core.verdict.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * One NRAS EAT: ES384 with the JWKS key named by {@code kid}, then its time window. Claims are
 * handed out only from a token whose signature passed.
 */
final class TokenVerifier {
  private TokenVerifier() {}

  /** @param claims present only when the signature verified */
  record Verified(String kid, Outcome signature, Outcome time, Optional<JWTClaimsSet> claims) {}

  /**
   * Nimbus does the JOSE; Bouncy Castle does the P-384 arithmetic (its specialised curve is several
   * times faster than SunEC's generic one on JDK 17, and a NEAR report carries nine ES384 tokens).
   */
  private static final java.security.Provider BOUNCY_CASTLE = new org.bouncycastle.jce.provider.BouncyCastleProvider();

  static Verified verify(String compact, Optional<JWKSet> keys, String noKeysReason, Clock clock) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(compact);
      claims = jwt.getJWTClaimsSet();
    } catch (java.text.ParseException e) {
      Outcome bad = Outcome.fail("not a signed JWT: " + e.getMessage());
      return new Verified("", bad, Outcome.unevaluable("token does not decode"), Optional.empty());
    }
    String kid = jwt.getHeader().getKeyID() == null ? "" : jwt.getHeader().getKeyID();
    Outcome sig = signature(jwt, kid, keys, noKeysReason);
    // The clock is read only for a verified token: nothing about an unverified one depends on time.
    Outcome time = sig.passed() ? time(claims, clock.instant()) : Outcome.unevaluable("signature not verified");
    return new Verified(kid, sig, time, sig.passed() ? Optional.of(claims) : Optional.empty());
  }

  private static Outcome signature(SignedJWT jwt, String kid, Optional<JWKSet> keys, String noKeysReason) {
    if (!JWSAlgorithm.ES384.equals(jwt.getHeader().getAlgorithm())) {
      return Outcome.fail("algorithm " + jwt.getHeader().getAlgorithm() + " is not ES384");
    }
    if (kid.isEmpty()) {
      return Outcome.fail("the token names no kid, so no NRAS key can be chosen");
    }
    if (keys.isEmpty()) {
      return Outcome.unevaluable(noKeysReason);
    }
    JWK jwk = keys.get().getKeyByKeyId(kid);
    if (jwk == null) {
      return Outcome.unevaluable("kid " + kid + " is not in the JWKS (NVIDIA rotates keys; use the JWKS captured with the token)");
    }
    if (!(jwk instanceof ECKey ec) || !Curve.P_384.equals(ec.getCurve())) {
      return Outcome.fail("JWKS key " + kid + " is not an EC P-384 key");
    }
    try {
      ECDSAVerifier verifier = new ECDSAVerifier(ec.toECPublicKey());
      verifier.getJCAContext().setProvider(BOUNCY_CASTLE);
      return jwt.verify(verifier) ? Outcome.PASS
          : Outcome.fail("ES384 signature does not verify with key " + kid);
    } catch (JOSEException e) {
      return Outcome.fail("signature cannot be checked: " + e.getMessage());
    }
  }

  private static Outcome time(JWTClaimsSet c, Instant now) {
    Date exp = c.getExpirationTime();
    Date nbf = c.getNotBeforeTime();
    Date iat = c.getIssueTime();
    if (exp == null) {
      return Outcome.fail("no exp claim: the token never expires");
    }
    if (!now.isBefore(exp.toInstant())) {
      return Outcome.fail("expired at " + exp.toInstant() + " (now " + now + ")");
    }
    if (nbf != null && now.isBefore(nbf.toInstant())) {
      return Outcome.fail("not valid before " + nbf.toInstant() + " (now " + now + ")");
    }
    if (iat != null && now.isBefore(iat.toInstant())) {
      return Outcome.fail("issued in the future at " + iat.toInstant() + " (now " + now + ")");
    }
    return Outcome.PASS;
  }
}
