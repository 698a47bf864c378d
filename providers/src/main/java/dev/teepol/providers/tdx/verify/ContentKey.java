package dev.teepol.providers.tdx.verify;

import dev.teepol.core.crypto.Digests;
import java.security.MessageDigest;
import java.util.Arrays;

/** A SHA-256 over several byte strings, each length-prefixed so boundaries cannot shift. */
record ContentKey(byte[] digest) {
  static ContentKey of(byte[]... parts) {
    MessageDigest md = Digests.sha256();
    for (byte[] p : parts) {
      int n = p.length;
      md.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
      md.update(p);
    }
    return new ContentKey(md.digest());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentKey k && Arrays.equals(digest, k.digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }
}
