package dev.teepol.core.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * ECDSA verification for the raw (r‖s, X‖Y) encodings TEE formats use, and for DER signatures, on
 * Bouncy Castle's lightweight ECDSA with its specialised P-256/P-384 field arithmetic (on JDK 17,
 * SunEC's generic arithmetic is an order of magnitude slower, and a TDX verify is two of these). A
 * {@link Key} keeps Bouncy Castle's point precomputation, so callers that verify many signatures
 * with one key (a PCK certificate, a quoting enclave's attestation key) should keep it.
 */
public final class Ecdsa {
  private static final Curve P256 = new Curve("secp256r1", 32);
  private static final Curve P384 = new Curve("secp384r1", 48);

  private Ecdsa() {}

  private record Curve(
      X9ECParameters x9, ECDomainParameters domain, ECParameterSpec jca, int fieldBytes) {
    Curve(String name, int fieldBytes) {
      this(CustomNamedCurves.getByName(name), fieldBytes, name);
    }

    private Curve(X9ECParameters x9, int fieldBytes, String name) {
      this(
          x9,
          new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH()),
          jcaParams(name),
          fieldBytes);
    }
  }

  /** A validated public key on P-256 or P-384. */
  public static final class Key {
    private final ECPublicKeyParameters params;
    private final Curve curve;

    private Key(ECPublicKeyParameters params, Curve curve) {
      this.params = params;
      this.curve = curve;
    }

    public int fieldBytes() {
      return curve.fieldBytes();
    }
  }

  private static ECParameterSpec jcaParams(String curve) {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec(curve));
      return p.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(curve + " unavailable", e);
    }
  }

  /** A P-256 key from its raw 64-byte X‖Y encoding; refuses points not on the curve. */
  public static Key p256(byte[] xy) throws GeneralSecurityException {
    return raw(xy, P256);
  }

  /** A P-384 key from its raw 96-byte X‖Y encoding; refuses points not on the curve. */
  public static Key p384(byte[] xy) throws GeneralSecurityException {
    return raw(xy, P384);
  }

  /** A JCA EC public key (e.g. from an X.509 certificate) on P-256 or P-384. */
  public static Key of(PublicKey key) throws GeneralSecurityException {
    if (!(key instanceof ECPublicKey ec)) {
      throw new GeneralSecurityException("not an EC public key: " + key.getAlgorithm());
    }
    Curve c =
        ec.getParams().getOrder().equals(P256.x9().getN())
            ? P256
            : ec.getParams().getOrder().equals(P384.x9().getN()) ? P384 : null;
    if (c == null) {
      throw new GeneralSecurityException("EC key is not on P-256 or P-384");
    }
    return point(ec.getW().getAffineX(), ec.getW().getAffineY(), c);
  }

  private static Key raw(byte[] xy, Curve c) throws GeneralSecurityException {
    int n = c.fieldBytes();
    if (xy.length != 2 * n) {
      throw new GeneralSecurityException(
          "raw EC key must be " + 2 * n + " bytes, got " + xy.length);
    }
    return point(
        new BigInteger(1, Arrays.copyOfRange(xy, 0, n)),
        new BigInteger(1, Arrays.copyOfRange(xy, n, 2 * n)),
        c);
  }

  private static Key point(BigInteger x, BigInteger y, Curve c) throws GeneralSecurityException {
    try {
      org.bouncycastle.math.ec.ECPoint p = c.x9().getCurve().createPoint(x, y);
      if (!p.isValid()) {
        throw new GeneralSecurityException("EC point is not on the curve");
      }
      return new Key(new ECPublicKeyParameters(p, c.domain()), c);
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("EC point is not on the curve: " + e.getMessage());
    }
  }

  /** A JCA key from raw X‖Y, for code that hands keys to JCA APIs. */
  public static ECPublicKey p256Key(byte[] xy) throws GeneralSecurityException {
    Key k = p256(xy);
    org.bouncycastle.math.ec.ECPoint q = k.params.getQ().normalize();
    return (ECPublicKey)
        KeyFactory.getInstance("EC")
            .generatePublic(
                new ECPublicKeySpec(
                    new ECPoint(
                        q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                    P256.jca()));
  }

  /** Verifies a raw r‖s signature (IEEE P1363) with SHA-256 over {@code data[off, off+len)}. */
  public static boolean verifyP1363Sha256(Key key, byte[] sig, byte[] data, int off, int len) {
    return verifyRaw(new SHA256Digest(), key, sig, data, off, len);
  }

  /** Verifies a raw r‖s signature (IEEE P1363) with SHA-384. */
  public static boolean verifyP1363Sha384(Key key, byte[] sig, byte[] data, int off, int len) {
    return verifyRaw(new SHA384Digest(), key, sig, data, off, len);
  }

  /**
   * Verifies a DER signature with SHA-256. Anything that is not a DER SEQUENCE of two INTEGERs is
   * false: Bouncy Castle's decoder throws several runtime exceptions on malformed input (a
   * NullPointerException for an empty array), none of which may escape to the caller.
   */
  public static boolean verifyDerSha256(Key key, byte[] sig, byte[] data, int off, int len) {
    if (sig == null || sig.length < 8 || sig.length > 2 * key.fieldBytes() + 9) {
      return false;
    }
    try {
      BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(key.curve.x9().getN(), sig);
      return verifyRs(new SHA256Digest(), key, rs[0], rs[1], data, off, len);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * As {@link #verifyP1363Sha256(Key, byte[], byte[], int, int)} for a JCA key; false for keys that
   * are not P-256/P-384.
   */
  public static boolean verifyP1363Sha256(
      PublicKey key, byte[] sig, byte[] data, int off, int len) {
    try {
      return verifyP1363Sha256(of(key), sig, data, off, len);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean verifyRaw(
      Digest digest, Key key, byte[] sig, byte[] data, int off, int len) {
    int n = key.fieldBytes();
    if (sig.length != 2 * n) {
      return false;
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, n));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, n, 2 * n));
    return verifyRs(digest, key, r, s, data, off, len);
  }

  private static boolean verifyRs(
      Digest digest, Key key, BigInteger r, BigInteger s, byte[] data, int off, int len) {
    try {
      digest.update(data, off, len);
      byte[] hash = new byte[digest.getDigestSize()];
      digest.doFinal(hash, 0);
      ECDSASigner verifier = new ECDSASigner();
      verifier.init(false, key.params);
      // Bouncy Castle refuses r, s outside [1, n-1] itself.
      return verifier.verifySignature(hash, r, s);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      // A malformed signature is a signature that does not verify.
      return false;
    }
  }
}
