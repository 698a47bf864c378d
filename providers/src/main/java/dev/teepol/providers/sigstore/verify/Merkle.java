package dev.teepol.providers.sigstore.verify;

import dev.teepol.core.crypto.Digests;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing and inclusion proof verification (RFC 9162 §2.1.3.2).
 * Leaves are hashed with a 0x00 prefix and interior nodes with 0x01, so a leaf can never pass for a
 * node.
 */
final class Merkle {
  private Merkle() {}

  static byte[] leafHash(byte[] leaf) {
    MessageDigest md = Digests.sha256();
    md.update((byte) 0);
    md.update(leaf);
    return md.digest();
  }

  static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest md = Digests.sha256();
    md.update((byte) 1);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /**
   * The root the audit path leads to from {@code leafHash} at {@code index} in a tree of {@code
   * size} leaves, or null when the path has the wrong length for that position.
   */
  static byte[] rootFromProof(long index, long size, byte[] leafHash, List<byte[]> path) {
    if (index < 0 || size <= 0 || index >= size) {
      return null;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : path) {
      if (sn == 0) {
        return null;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 ? r : null;
  }

  static boolean verify(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
    byte[] r = rootFromProof(index, size, leafHash, path);
    return r != null && Arrays.equals(r, root);
  }
}
