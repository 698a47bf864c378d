package dev.teepol.kms.crypto;

/**
 * The HPKE public key a released secret is sealed to: X25519 (32 bytes) or P-256 (65 bytes,
 * uncompressed SEC1), serialized as RFC 9180's SerializePublicKey.
 */
public record RecipientKey(Kem kem, byte[] key) {
  public RecipientKey {
    if (key.length != kem.publicKeyBytes()) {
      throw new IllegalArgumentException(
          "a "
              + kem.label()
              + " public key is "
              + kem.publicKeyBytes()
              + " bytes, got "
              + key.length);
    }
    key = key.clone();
  }

  @Override
  public byte[] key() {
    return key.clone();
  }
}
