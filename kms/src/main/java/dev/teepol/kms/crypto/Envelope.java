package dev.teepol.kms.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption with AES-256-GCM from the JDK: each secret has its own data key; the data key
 * is wrapped by a master key. Both encryptions bind their context as associated data (the secret's
 * name and version; the name and master key id), so a row's ciphertext pasted into another row, or
 * a wrapped key moved between secrets, does not decrypt.
 */
public final class Envelope {
  private static final int IV = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Envelope() {}

  public record Sealed(byte[] ciphertext, byte[] wrappedKey, String kid) {}

  public static Sealed seal(MasterKey master, String name, long version, byte[] plaintext)
      throws GeneralSecurityException {
    byte[] dek = new byte[32];
    RANDOM.nextBytes(dek);
    try {
      byte[] ct = gcm(Cipher.ENCRYPT_MODE, dek, secretAad(name, version), plaintext);
      return new Sealed(ct, wrap(master, name, dek), master.kid());
    } finally {
      Arrays.fill(dek, (byte) 0);
    }
  }

  public static byte[] open(Keyring keys, String name, long version, Sealed s)
      throws GeneralSecurityException {
    byte[] dek = unwrap(keys, name, s.wrappedKey(), s.kid());
    try {
      return gcm(Cipher.DECRYPT_MODE, dek, secretAad(name, version), s.ciphertext());
    } finally {
      Arrays.fill(dek, (byte) 0);
    }
  }

  /** The same data key, wrapped by {@code to} instead of the key {@code kid} names. */
  public static byte[] rewrap(Keyring keys, String name, byte[] wrapped, String kid, MasterKey to)
      throws GeneralSecurityException {
    byte[] dek = unwrap(keys, name, wrapped, kid);
    try {
      return wrap(to, name, dek);
    } finally {
      Arrays.fill(dek, (byte) 0);
    }
  }

  private static byte[] wrap(MasterKey master, String name, byte[] dek)
      throws GeneralSecurityException {
    return gcm(Cipher.ENCRYPT_MODE, master.bytes(), dekAad(name, master.kid()), dek);
  }

  private static byte[] unwrap(Keyring keys, String name, byte[] wrapped, String kid)
      throws GeneralSecurityException {
    MasterKey m =
        keys.byKid(kid)
            .orElseThrow(
                () ->
                    new GeneralSecurityException(
                        "the data key of '"
                            + name
                            + "' is wrapped by master key "
                            + kid
                            + ", which this broker does not hold"));
    return gcm(Cipher.DECRYPT_MODE, m.bytes(), dekAad(name, kid), wrapped);
  }

  private static byte[] secretAad(String name, long version) {
    return ("teepol-kms:secret:" + name + ":" + version).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] dekAad(String name, String kid) {
    return ("teepol-kms:dek:" + name + ":" + kid).getBytes(StandardCharsets.UTF_8);
  }

  /** iv ‖ ciphertext ‖ tag on encryption; the same layout read back on decryption. */
  private static byte[] gcm(int mode, byte[] key, byte[] aad, byte[] in)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    SecretKeySpec k = new SecretKeySpec(key, "AES");
    if (mode == Cipher.ENCRYPT_MODE) {
      byte[] iv = new byte[IV];
      RANDOM.nextBytes(iv);
      c.init(mode, k, new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(aad);
      byte[] ct = c.doFinal(in);
      byte[] out = Arrays.copyOf(iv, IV + ct.length);
      System.arraycopy(ct, 0, out, IV, ct.length);
      return out;
    }
    if (in.length < IV + TAG_BITS / 8) {
      throw new GeneralSecurityException("ciphertext too short");
    }
    c.init(mode, k, new GCMParameterSpec(TAG_BITS, in, 0, IV));
    c.updateAAD(aad);
    return c.doFinal(in, IV, in.length - IV);
  }
}
