package dev.teepol.providers.nras;

import com.nimbusds.jose.jwk.ECKey;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.Outcome;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Whether a JWKS key may verify NRAS tokens. A JWKS is material an attacker may have written (a
 * {@code --nras} directory, a NEAR capture, a live response through a hostile network), so a key
 * counts only when its {@code x5c} proves NVIDIA certified it: {@code x5c[0]} is the key itself,
 * each certificate is signed by the next (JDK PKIX), every certificate is valid both when the token
 * was issued and now, and the topmost has the SubjectPublicKeyInfo of a pinned {@link
 * TrustAnchors#NVIDIA_NRAS_INTERMEDIATE} anchor. The pin is on the key, not the name: an attacker's
 * PKI can copy every name NVIDIA uses.
 */
final class NrasSigningKey {
  private NrasSigningKey() {}

  /**
   * @param pinned the NRAS intermediates of the trust anchors (empty: nothing can be verified)
   * @param issuedAt the token's {@code iat}
   * @param maxChain most certificates accepted in {@code x5c}
   */
  static Outcome certify(
      ECKey key, List<X509Certificate> pinned, Instant issuedAt, Instant now, int maxChain) {
    String kid = key.getKeyID();
    if (pinned.isEmpty()) {
      return Outcome.unevaluable(
          "no NVIDIA NRAS intermediate is pinned (trust anchor "
              + TrustAnchors.NVIDIA_NRAS_INTERMEDIATE
              + "), so no JWKS key can be trusted");
    }
    List<X509Certificate> x5c = key.getParsedX509CertChain();
    if (x5c == null || x5c.isEmpty()) {
      return Outcome.fail(
          "JWKS key " + kid + " carries no x5c certificate chain, so nothing ties it to NVIDIA");
    }
    if (x5c.size() > maxChain) {
      return Outcome.fail(
          "x5c of JWKS key "
              + kid
              + " has "
              + x5c.size()
              + " certificates, over the limit of "
              + maxChain);
    }
    if (x5c.size() < 2) {
      return Outcome.fail(
          "x5c of JWKS key "
              + kid
              + " holds only the key's own certificate; it must chain to the pinned NRAS intermediate");
    }
    X509Certificate leaf = x5c.get(0);
    if (!key.matches(leaf)) {
      return Outcome.fail("x5c[0] of JWKS key " + kid + " certifies another key than the JWK");
    }
    boolean[] usage = leaf.getKeyUsage();
    if (usage != null && !usage[0]) {
      return Outcome.fail("x5c[0] of JWKS key " + kid + " is not certified for digital signatures");
    }
    X509Certificate top = x5c.get(x5c.size() - 1);
    String topKey = Certificates.spkiSha256Hex(top);
    Optional<X509Certificate> anchor =
        pinned.stream().filter(a -> Certificates.spkiSha256Hex(a).equals(topKey)).findFirst();
    if (anchor.isEmpty()) {
      return Outcome.fail(
          "x5c of JWKS key "
              + kid
              + " ends in '"
              + top.getSubjectX500Principal().getName()
              + "' whose key (SPKI sha256 "
              + Hex.abbreviate(topKey)
              + ") is not the pinned NVIDIA NRAS intermediate");
    }
    for (Instant at : issuedAt.equals(now) ? List.of(now) : List.of(issuedAt, now)) {
      String when =
          at.equals(issuedAt) ? "when the token was issued (" + at + ")" : "now (" + at + ")";
      for (X509Certificate c : x5c) {
        Optional<String> invalid = validity(c, at);
        if (invalid.isPresent()) {
          return Outcome.fail("x5c certificate " + invalid.get() + ", " + when);
        }
      }
      // The pinned copy stands in for the presented top: its key is the same, and its name and
      // validity are the operator's, not the attacker's.
      Optional<String> broken =
          Certificates.validatePath(x5c.subList(0, x5c.size() - 1), List.of(anchor.get()), at);
      if (broken.isPresent()) {
        return Outcome.fail(
            "x5c of JWKS key "
                + kid
                + " does not chain to the pinned NRAS intermediate "
                + when
                + ": "
                + broken.get());
      }
    }
    return Outcome.PASS;
  }

  private static Optional<String> validity(X509Certificate c, Instant at) {
    Date d = Date.from(at);
    if (d.before(c.getNotBefore())) {
      return Optional.of(
          "'"
              + c.getSubjectX500Principal().getName()
              + "' is not valid before "
              + c.getNotBefore().toInstant());
    }
    if (d.after(c.getNotAfter())) {
      return Optional.of(
          "'"
              + c.getSubjectX500Principal().getName()
              + "' expired at "
              + c.getNotAfter().toInstant());
    }
    return Optional.empty();
  }
}
