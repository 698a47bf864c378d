package dev.teepol.providers.tpm.verify;

import dev.teepol.core.cache.LruCache;
import dev.teepol.core.crypto.Digests;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * AK certificate paths already validated, keyed by the exact leaf, offered certificates and anchors
 * (so another trust configuration never reuses a result), with the window in which every
 * certificate of the path, anchor included, is valid. A hit inside the window skips PKIX path
 * building, which dominates a warm TPM verify; failures are never cached. One per provider
 * instance.
 */
public final class AkPathCache {
  static final int CAPACITY = 256;

  /** When a validated path holds: the latest notBefore and the earliest notAfter on it. */
  record Window(Instant from, Instant to) {
    boolean holdsAt(Instant at) {
      return !at.isBefore(from) && !at.isAfter(to);
    }
  }

  private final LruCache<String, Window> paths = new LruCache<>(CAPACITY);

  Optional<Window> get(String key) {
    return Optional.ofNullable(paths.get(key));
  }

  void put(String key, List<X509Certificate> path) {
    Instant from = Instant.MIN;
    Instant to = Instant.MAX;
    for (X509Certificate c : path) {
      Instant nb = c.getNotBefore().toInstant();
      Instant na = c.getNotAfter().toInstant();
      from = nb.isAfter(from) ? nb : from;
      to = na.isBefore(to) ? na : to;
    }
    paths.put(key, new Window(from, to));
  }

  /** SHA-256 over every certificate involved, each group delimited. */
  static String key(X509Certificate leaf, List<X509Certificate> pool, List<X509Certificate> roots) {
    MessageDigest md = Digests.sha256();
    try {
      update(md, leaf);
      md.update((byte) 1);
      for (X509Certificate c : pool) {
        update(md, c);
      }
      md.update((byte) 2);
      for (X509Certificate c : roots) {
        update(md, c);
      }
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    return dev.teepol.core.bytes.Hex.of(md.digest());
  }

  private static void update(MessageDigest md, X509Certificate c)
      throws CertificateEncodingException {
    byte[] der = c.getEncoded();
    md.update(
        new byte[] {
          (byte) (der.length >>> 24),
          (byte) (der.length >>> 16),
          (byte) (der.length >>> 8),
          (byte) der.length
        });
    md.update(der);
  }

  public int size() {
    return paths.size();
  }
}
