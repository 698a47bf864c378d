package dev.teepol.providers.confidentialspace.verify;

import dev.teepol.core.cache.LruCache;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.Outcome;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether the {@code x5c} of a PKI token certifies its signing key. Trust comes only from the
 * pinned {@link TrustAnchors#GOOGLE_CONFIDENTIAL_SPACE_ROOT}: a copy of the root inside {@code x5c}
 * counts only when it is byte for byte the pinned one (a self-signed root with Google's names and
 * another key is refused by {@link Certificates#validatePath}), the chain is validated by the JDK's
 * PKIX both when the token was issued and now, and the leaf must be a signing certificate, not a CA
 * (so the root or intermediate can never stand in as the "leaf" of a one-certificate chain).
 *
 * <p>A chain that validated is remembered, by the SHA-256 of its certificates and the anchors, with
 * the window in which every one of them is valid: signatures do not change with time, so another
 * token from the same leaf (Google reuses a leaf for many tokens) skips PKIX while both its
 * instants fall in that window. Failures are never remembered.
 */
final class PkiChain {
  /** RSA keys shorter than this are refused; Google's leaves are 2048 bits. */
  static final int MIN_RSA_BITS = 2048;

  /** When every certificate of a validated chain and its anchors is valid. */
  private record Window(Instant from, Instant until) {
    boolean contains(Instant t) {
      return !t.isBefore(from) && !t.isAfter(until);
    }
  }

  private final LruCache<ByteBuffer, Window> validated = new LruCache<>(64);

  Outcome verify(
      List<X509Certificate> x5c, List<X509Certificate> roots, Optional<Instant> iat, Instant now) {
    if (roots.isEmpty()) {
      return Outcome.unevaluable(
          "no Confidential Space root is pinned (trust anchor "
              + TrustAnchors.GOOGLE_CONFIDENTIAL_SPACE_ROOT
              + ")");
    }
    X509Certificate leaf = x5c.get(0);
    if (leaf.getBasicConstraints() >= 0) {
      return Outcome.fail(
          "x5c[0] '"
              + leaf.getSubjectX500Principal().getName()
              + "' is a CA certificate, not a token signing certificate");
    }
    boolean[] usage = leaf.getKeyUsage();
    if (usage != null && !usage[0]) {
      return Outcome.fail("x5c[0] is not certified for digital signatures");
    }
    if (!(leaf.getPublicKey() instanceof RSAPublicKey rsa)) {
      return Outcome.fail(
          "x5c[0] certifies a " + leaf.getPublicKey().getAlgorithm() + " key, not an RSA key");
    }
    if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
      return Outcome.fail(
          "x5c[0] certifies a "
              + rsa.getModulus().bitLength()
              + "-bit RSA key, shorter than "
              + MIN_RSA_BITS);
    }
    if (iat.isEmpty()) {
      return Outcome.fail(
          "the token has no iat claim, so its certificates cannot be checked at issue time");
    }
    ByteBuffer key = key(x5c, roots);
    Window known = validated.get(key);
    if (known != null && known.contains(iat.get()) && known.contains(now)) {
      return Outcome.PASS;
    }
    for (Instant at : iat.get().equals(now) ? List.of(now) : List.of(iat.get(), now)) {
      Optional<String> broken = Certificates.validatePath(x5c, roots, at);
      if (broken.isPresent()) {
        String when =
            at.equals(now) ? "now (" + at + ")" : "when the token was issued (" + at + ")";
        return Outcome.fail(
            "x5c does not chain to the pinned Confidential Space root "
                + when
                + ": "
                + broken.get());
      }
    }
    validated.put(key, window(x5c, roots));
    return Outcome.PASS;
  }

  /** The intersection of every certificate's validity (narrower than needed, never wider). */
  private static Window window(List<X509Certificate> x5c, List<X509Certificate> roots) {
    Instant from = Instant.MIN;
    Instant until = Instant.MAX;
    for (List<X509Certificate> l : List.of(x5c, roots)) {
      for (X509Certificate c : l) {
        Instant nb = c.getNotBefore().toInstant();
        Instant na = c.getNotAfter().toInstant();
        from = nb.isAfter(from) ? nb : from;
        until = na.isBefore(until) ? na : until;
      }
    }
    return new Window(from, until);
  }

  /** SHA-256 over the length-prefixed DER of the chain, a separator, then of the anchors. */
  private static ByteBuffer key(List<X509Certificate> x5c, List<X509Certificate> roots) {
    MessageDigest md = Digests.sha256();
    try {
      for (List<X509Certificate> l : List.of(x5c, roots)) {
        for (X509Certificate c : l) {
          byte[] der = c.getEncoded();
          md.update(ByteBuffer.allocate(4).putInt(der.length).array());
          md.update(der);
        }
        md.update(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      }
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate re-encodes", e);
    }
    return ByteBuffer.wrap(md.digest());
  }
}
