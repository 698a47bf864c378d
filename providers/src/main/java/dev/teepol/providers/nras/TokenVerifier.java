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
import dev.teepol.core.limits.Limits;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.jose.TokenWindow;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * One NRAS EAT: ES384 with the JWKS key named by {@code kid}, that key certified by NVIDIA ({@link
 * NrasSigningKey}), then its time window and lifetime. Claims are handed out only from a token
 * whose signature passed.
 */
final class TokenVerifier {
  private TokenVerifier() {}

  /**
   * @param claims present only when the signature verified
   */
  record Verified(String kid, Outcome signature, Outcome time, Optional<JWTClaimsSet> claims) {}

  /**
   * What tokens are judged against.
   *
   * @param keys the JWKS, or empty with {@code noKeysReason} saying why
   * @param pinned the NRAS intermediates the JWKS keys must chain to
   * @param clock read only once a token's key is known: nothing about an unverifiable token depends
   *     on time
   */
  record Trust(
      Optional<JWKSet> keys,
      String noKeysReason,
      List<X509Certificate> pinned,
      Clock clock,
      Limits limits) {
    Trust {
      pinned = List.copyOf(pinned);
    }
  }

  /**
   * Nimbus does the JOSE; Bouncy Castle does the P-384 arithmetic (its specialised curve is several
   * times faster than SunEC's generic one on JDK 17, and a NEAR report carries nine ES384 tokens).
   */
  private static final java.security.Provider BOUNCY_CASTLE =
      new org.bouncycastle.jce.provider.BouncyCastleProvider();

  static Verified verify(String compact, Trust trust) {
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
    Outcome sig = signature(jwt, kid, Optional.ofNullable(claims.getIssueTime()), trust);
    Outcome time =
        sig.passed()
            ? time(claims, trust.clock().instant(), trust.limits().maxJwtLifetime())
            : Outcome.unevaluable("signature not verified");
    return new Verified(kid, sig, time, sig.passed() ? Optional.of(claims) : Optional.empty());
  }

  private static Outcome signature(SignedJWT jwt, String kid, Optional<Date> iat, Trust trust) {
    if (!JWSAlgorithm.ES384.equals(jwt.getHeader().getAlgorithm())) {
      return Outcome.fail("algorithm " + jwt.getHeader().getAlgorithm() + " is not ES384");
    }
    if (kid.isEmpty()) {
      return Outcome.fail("the token names no kid, so no NRAS key can be chosen");
    }
    if (trust.keys().isEmpty()) {
      return Outcome.unevaluable(trust.noKeysReason());
    }
    List<JWK> named =
        trust.keys().get().getKeys().stream().filter(k -> kid.equals(k.getKeyID())).toList();
    if (named.isEmpty()) {
      return Outcome.unevaluable(
          "kid "
              + kid
              + " is not in the JWKS (NVIDIA rotates keys; use the JWKS captured with the token)");
    }
    if (named.size() > 1) {
      // NVIDIA publishes one key per kid; a second one is somebody's insertion, and which is which
      // cannot be told.
      return Outcome.fail("the JWKS lists " + named.size() + " keys under kid " + kid);
    }
    if (!(named.get(0) instanceof ECKey ec) || !Curve.P_384.equals(ec.getCurve())) {
      return Outcome.fail("JWKS key " + kid + " is not an EC P-384 key");
    }
    if (iat.isEmpty()) {
      return Outcome.fail(
          "the token has no iat claim, so its signing certificate cannot be checked at issue time");
    }
    Outcome certified =
        NrasSigningKey.certify(
            ec,
            trust.pinned(),
            iat.get().toInstant(),
            trust.clock().instant(),
            trust.limits().maxCertChainLength());
    if (!certified.passed()) {
      return certified;
    }
    try {
      ECDSAVerifier verifier = new ECDSAVerifier(ec.toECPublicKey());
      verifier.getJCAContext().setProvider(BOUNCY_CASTLE);
      return jwt.verify(verifier)
          ? Outcome.PASS
          : Outcome.fail("ES384 signature does not verify with key " + kid);
    } catch (JOSEException e) {
      return Outcome.fail("signature cannot be checked: " + e.getMessage());
    }
  }

  private static Outcome time(JWTClaimsSet c, Instant now, Duration maxLifetime) {
    return TokenWindow.check(
        Optional.ofNullable(c.getIssueTime()).map(Date::toInstant),
        Optional.ofNullable(c.getNotBeforeTime()).map(Date::toInstant),
        Optional.ofNullable(c.getExpirationTime()).map(Date::toInstant),
        now,
        maxLifetime,
        "Limits.maxJwtLifetime; NRAS issues one-hour tokens");
  }
}
