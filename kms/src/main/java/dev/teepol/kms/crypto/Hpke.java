package dev.teepol.kms.crypto;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;

/**
 * HPKE base mode (RFC 9180) from Bouncy Castle: DHKEM(X25519 or P-256, HKDF-SHA256), HKDF-SHA256,
 * AES-256-GCM. One shot: the secret is one message.
 */
public final class Hpke {
  public static final String KDF = "HKDF-SHA256";
  public static final String AEAD = "AES-256-GCM";

  private Hpke() {}

  /** The encapsulated key and the ciphertext of one sealed message. */
  public record Sealed(byte[] enc, byte[] ciphertext) {}

  private static HPKE suite(Kem kem) {
    return new HPKE(HPKE.mode_base, kem.id(), HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
  }

  public static Sealed seal(RecipientKey to, byte[] info, byte[] aad, byte[] plaintext) {
    HPKE h = suite(to.kem());
    try {
      byte[][] out =
          h.seal(h.deserializePublicKey(to.key()), info, aad, plaintext, null, null, null);
      return new Sealed(out[1], out[0]);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("HPKE seal failed", e);
    }
  }

  /**
   * Whether {@code key} decodes as a public key of its KEM (a P-256 point on the curve), so a
   * request with an unusable key is refused up front and never reaches the seal.
   */
  public static boolean usable(RecipientKey key) {
    try {
      suite(key.kem()).deserializePublicKey(key.key());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A fresh recipient key pair (what an attested workload generates and binds). */
  public static AsymmetricCipherKeyPair generate(Kem kem) {
    return suite(kem).generatePrivateKey();
  }

  public static RecipientKey publicKey(Kem kem, AsymmetricCipherKeyPair pair) {
    return new RecipientKey(kem, suite(kem).serializePublicKey(pair.getPublic()));
  }

  /** Opens a sealed message with the recipient's key pair (clients and tests). */
  public static byte[] open(
      Kem kem, AsymmetricCipherKeyPair recipient, byte[] info, byte[] aad, Sealed sealed)
      throws InvalidCipherTextException {
    return suite(kem)
        .open(sealed.enc(), recipient, info, aad, sealed.ciphertext(), null, null, null);
  }
}
