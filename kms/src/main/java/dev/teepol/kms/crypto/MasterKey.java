package dev.teepol.kms.crypto;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A 256-bit master key that wraps the data keys. Its id is the first 8 bytes of SHA-256 over a
 * domain tag and the key, so rows can name the key that wraps them without revealing it.
 */
public final class MasterKey {
  public static final int BYTES = 32;
  private static final byte[] KID_TAG =
      "teepol-kms-master-key-id:".getBytes(StandardCharsets.US_ASCII);

  private final byte[] key;
  private final String kid;

  private MasterKey(byte[] key) {
    if (key.length != BYTES) {
      throw new IllegalArgumentException("a master key is " + BYTES + " bytes, got " + key.length);
    }
    this.key = key.clone();
    this.kid = Hex.of(Arrays.copyOf(Digests.sha256(KID_TAG, key), 8));
  }

  public static MasterKey of(byte[] key) {
    return new MasterKey(key);
  }

  public static MasterKey generate() {
    byte[] k = new byte[BYTES];
    new SecureRandom().nextBytes(k);
    return new MasterKey(k);
  }

  /**
   * A key as text: base64 or hex of 32 bytes (surrounding whitespace ignored). The message never
   * quotes the text: it may be a key with a typo.
   */
  public static MasterKey parse(String text, String where) {
    String t = text.strip();
    byte[] k;
    if (t.length() == 2 * BYTES && Hex.isHex(t)) {
      k = Hex.decode(t);
    } else {
      try {
        k = Base64.getDecoder().decode(t);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": not base64 or hex of a 32-byte key");
      }
    }
    if (k.length != BYTES) {
      throw new IllegalArgumentException(
          where + ": a master key is 32 bytes, this decodes to " + k.length);
    }
    return new MasterKey(k);
  }

  /** A key file: base64 or hex text. */
  public static MasterKey read(Path file) throws IOException {
    try {
      return parse(
          new String(BoundedFiles.read(file, 4096, file.toString()), StandardCharsets.US_ASCII),
          file.toString());
    } catch (LimitExceededException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
  }

  public String kid() {
    return kid;
  }

  /** The key in base64, for writing a new key file (never logged). */
  public String toBase64() {
    return Base64.getEncoder().encodeToString(key);
  }

  byte[] bytes() {
    return key;
  }

  @Override
  public String toString() {
    return "MasterKey[" + kid + "]";
  }
}
