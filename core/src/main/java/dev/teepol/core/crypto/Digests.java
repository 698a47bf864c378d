package dev.teepol.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-2 with one reused {@link MessageDigest} per thread (hot paths hash per quote and per event).
 */
public final class Digests {
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(() -> get("SHA-256"));
  private static final ThreadLocal<MessageDigest> SHA384 =
      ThreadLocal.withInitial(() -> get("SHA-384"));
  private static final ThreadLocal<MessageDigest> SHA512 =
      ThreadLocal.withInitial(() -> get("SHA-512"));

  private Digests() {}

  private static MessageDigest get(String alg) {
    try {
      return MessageDigest.getInstance(alg);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(alg + " unavailable", e);
    }
  }

  public static MessageDigest sha256() {
    MessageDigest md = SHA256.get();
    md.reset();
    return md;
  }

  public static MessageDigest sha384() {
    MessageDigest md = SHA384.get();
    md.reset();
    return md;
  }

  public static MessageDigest sha512() {
    MessageDigest md = SHA512.get();
    md.reset();
    return md;
  }

  public static byte[] sha256(byte[]... parts) {
    MessageDigest md = sha256();
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  /** Constant-time equality, for nonces and MACs. */
  public static boolean constantTimeEquals(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
