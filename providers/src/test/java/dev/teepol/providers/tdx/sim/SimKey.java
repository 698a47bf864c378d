package dev.teepol.providers.tdx.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.operator.ContentSigner;

/**
 * A P-256 key derived from a seed and a label, signing with RFC 6979 deterministic nonces. Both
 * choices exist so that regenerating the examples yields byte-identical files, which keeps the
 * committed evidence reviewable in diffs. Never use derived keys outside tests.
 */
public final class SimKey {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
  private static final ECParameterSpec JDK_SPEC = jdkSpec();

  private final BigInteger d;
  private final ECPrivateKey privateKey;
  private final ECPublicKey publicKey;

  private SimKey(BigInteger d) {
    this.d = d;
    org.bouncycastle.math.ec.ECPoint q = CURVE.getG().multiply(d).normalize();
    try {
      KeyFactory kf = KeyFactory.getInstance("EC");
      this.privateKey = (ECPrivateKey) kf.generatePrivate(new ECPrivateKeySpec(d, JDK_SPEC));
      this.publicKey =
          (ECPublicKey)
              kf.generatePublic(
                  new ECPublicKeySpec(
                      new ECPoint(
                          q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                      JDK_SPEC));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same (seed, label) always gives the same key; distinct labels give unrelated keys. */
  public static SimKey derive(String seed, String label) {
    byte[] h = sha256((seed + "\0" + label).getBytes(StandardCharsets.UTF_8));
    BigInteger n = CURVE.getN();
    return new SimKey(new BigInteger(1, h).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE));
  }

  public ECPrivateKey privateKey() {
    return privateKey;
  }

  public ECPublicKey publicKey() {
    return publicKey;
  }

  /** The public key as DCAP carries it: raw X‖Y, 32 bytes each, big-endian. */
  public byte[] rawPublicKey() {
    byte[] out = new byte[64];
    unsigned32(publicKey.getW().getAffineX(), out, 0);
    unsigned32(publicKey.getW().getAffineY(), out, 32);
    return out;
  }

  /**
   * ECDSA-SHA256 over {@code data} as raw r‖s (IEEE P1363), the encoding DCAP quotes and PCS JSON
   * use.
   */
  public byte[] signRaw(byte[] data) {
    BigInteger[] rs = sign(data);
    byte[] out = new byte[64];
    unsigned32(rs[0], out, 0);
    unsigned32(rs[1], out, 32);
    return out;
  }

  /** An X.509 content signer (ecdsa-with-SHA256, DER signature) for certificates and CRLs. */
  public ContentSigner contentSigner() {
    return new ContentSigner() {
      private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
      }

      @Override
      public OutputStream getOutputStream() {
        return buf;
      }

      @Override
      public byte[] getSignature() {
        BigInteger[] rs = sign(buf.toByteArray());
        try {
          return new DERSequence(
                  new org.bouncycastle.asn1.ASN1Encodable[] {
                    new ASN1Integer(rs[0]), new ASN1Integer(rs[1])
                  })
              .getEncoded();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  private BigInteger[] sign(byte[] data) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(d, DOMAIN));
    return signer.generateSignature(sha256(data));
  }

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void unsigned32(BigInteger v, byte[] out, int off) {
    byte[] b = v.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, off + 32 - len, len);
  }

  private static ECParameterSpec jdkSpec() {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec("secp256r1"));
      return p.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
