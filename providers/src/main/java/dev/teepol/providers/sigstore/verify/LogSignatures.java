package dev.teepol.providers.sigstore.verify;

import dev.teepol.core.crypto.Ecdsa;
import dev.teepol.core.crypto.Ed25519;
import dev.teepol.providers.sigstore.abi.LogKey;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Signature checks with the key types Sigstore uses: ECDSA (DER) with the hash its curve pairs
 * with, and Ed25519. A malformed signature is one that does not verify.
 */
final class LogSignatures {
  private LogSignatures() {}

  static boolean verify(LogKey key, byte[] signature, byte[] data) {
    return verify(key.key(), key.spki(), signature, data);
  }

  /** Verifies with a JCA key (a log key or a certificate's key). */
  static boolean verify(PublicKey key, byte[] spki, byte[] signature, byte[] data) {
    try {
      if (key instanceof ECPublicKey ec) {
        int bits = ec.getParams().getCurve().getField().getFieldSize();
        if (bits == 256) {
          // Bouncy Castle's P-256 arithmetic: an order of magnitude faster than SunEC on JDK 17.
          return Ecdsa.verifyDerSha256(Ecdsa.of(key), signature, data, 0, data.length);
        }
        String alg = bits == 384 ? "SHA384withECDSA" : bits == 521 ? "SHA512withECDSA" : null;
        if (alg == null) {
          return false;
        }
        Signature s = Signature.getInstance(alg);
        s.initVerify(key);
        s.update(data);
        return s.verify(signature);
      }
      if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
        byte[] raw = SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getOctets();
        return Ed25519.verify(raw, signature, data);
      }
      return false;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
