package dev.teepol.core.crypto;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Ed25519 verification with raw 32-byte keys and 64-byte signatures (as NEAR signing keys use). */
public final class Ed25519 {
  private Ed25519() {}

  public static boolean verify(byte[] publicKey, byte[] signature, byte[] message) {
    if (publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE
        || signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
      return false;
    }
    try {
      Ed25519Signer v = new Ed25519Signer();
      v.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
      v.update(message, 0, message.length);
      return v.verifySignature(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
