package dev.teepol.core.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/** ECDSA verification for the raw (r‖s, X‖Y) encodings TEE formats use, and for DER signatures. */
public final class Ecdsa {
  private static final ECParameterSpec P256 = params("secp256r1");
  private static final ECParameterSpec P384 = params("secp384r1");
  private static final X9ECParameters P256_BC = CustomNamedCurves.getByName("secp256r1");
  private static final X9ECParameters P384_BC = CustomNamedCurves.getByName("secp384r1");

  private Ecdsa() {}

  private static ECParameterSpec params(String curve) {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec(curve));
      return p.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(curve + " unavailable", e);
    }
  }

  /**
   * A P-256 public key from its raw 64-byte X‖Y encoding. Refuses points not on the curve, so an
   * invalid-curve key cannot reach the signature code.
   */
  public static ECPublicKey p256Key(byte[] xy) throws GeneralSecurityException {
    return rawKey(xy, 32, P256, P256_BC);
  }

  public static ECPublicKey p384Key(byte[] xy) throws GeneralSecurityException {
    return rawKey(xy, 48, P384, P384_BC);
  }

  private static ECPublicKey rawKey(byte[] xy, int n, ECParameterSpec spec, X9ECParameters bc)
      throws GeneralSecurityException {
    if (xy.length != 2 * n) {
      throw new GeneralSecurityException("raw EC key must be " + 2 * n + " bytes, got " + xy.length);
    }
    BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(xy, 0, n));
    BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(xy, n, 2 * n));
    try {
      if (!bc.getCurve().createPoint(x, y).isValid()) {
        throw new GeneralSecurityException("EC point is not on the curve");
      }
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("EC point is not on the curve: " + e.getMessage());
    }
    return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
  }

  /** Verifies a raw r‖s signature (IEEE P1363) with SHA-256 over {@code data[off, off+len)}. */
  public static boolean verifyP1363Sha256(PublicKey key, byte[] sig, byte[] data, int off, int len) {
    return verify("SHA256withECDSAinP1363Format", key, sig, data, off, len);
  }

  /** Verifies a raw r‖s signature (IEEE P1363) with SHA-384. */
  public static boolean verifyP1363Sha384(PublicKey key, byte[] sig, byte[] data, int off, int len) {
    return verify("SHA384withECDSAinP1363Format", key, sig, data, off, len);
  }

  /** Verifies a DER signature with SHA-256. */
  public static boolean verifyDerSha256(PublicKey key, byte[] sig, byte[] data, int off, int len) {
    return verify("SHA256withECDSA", key, sig, data, off, len);
  }

  private static boolean verify(String alg, PublicKey key, byte[] sig, byte[] data, int off, int len) {
    try {
      Signature s = Signature.getInstance(alg);
      s.initVerify(key);
      s.update(data, off, len);
      return s.verify(sig);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // A malformed signature is a signature that does not verify.
      return false;
    }
  }
}
