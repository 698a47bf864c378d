package dev.teepol.providers.tpm.sim;

import dev.teepol.providers.tdx.sim.SimKey;
import dev.teepol.providers.tpm.abi.AkPublic;
import dev.teepol.providers.tpm.abi.SigScheme;
import dev.teepol.providers.tpm.abi.TpmHash;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * A simulated TPM attestation key: an RSA-2048 or NIST P-256 key derived from a label (the same
 * label, the same key), its TPMT_PUBLIC, and TPMT_SIGNATUREs made the way a TPM makes them (RSASSA
 * and ECDSA deterministic, RSA-PSS with a random salt as long as the digest).
 */
public final class SimAk {
  /**
   * What go-tpm-tools' AKs carry: fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth,
   * restricted, sign.
   */
  public static final long AK_ATTRIBUTES = 0x00050072L;

  private static final Map<String, SimAk> RSA_CACHE = new ConcurrentHashMap<>();
  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");

  private final PublicKey publicKey;
  private final PrivateKey privateKey;
  private final BigInteger ecPrivate;

  private SimAk(PublicKey pub, PrivateKey priv, BigInteger ecPrivate) {
    this.publicKey = pub;
    this.privateKey = priv;
    this.ecPrivate = ecPrivate;
  }

  /** An RSA-2048 AK derived from {@code label} (generated once per label and kept). */
  public static SimAk rsa(String label) {
    return RSA_CACHE.computeIfAbsent(label, SimAk::generateRsa);
  }

  private static SimAk generateRsa(String label) {
    RSAKeyPairGenerator g = new RSAKeyPairGenerator();
    g.init(
        new RSAKeyGenerationParameters(
            BigInteger.valueOf(65537), new DeterministicRandom("tpm-ak-rsa:" + label), 2048, 100));
    AsymmetricCipherKeyPair kp = g.generateKeyPair();
    RSAPrivateCrtKeyParameters p = (RSAPrivateCrtKeyParameters) kp.getPrivate();
    try {
      KeyFactory kf = KeyFactory.getInstance("RSA");
      return new SimAk(
          kf.generatePublic(new RSAPublicKeySpec(p.getModulus(), p.getPublicExponent())),
          kf.generatePrivate(
              new RSAPrivateCrtKeySpec(
                  p.getModulus(),
                  p.getPublicExponent(),
                  p.getExponent(),
                  p.getP(),
                  p.getQ(),
                  p.getDP(),
                  p.getDQ(),
                  p.getQInv())),
          null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A NIST P-256 AK derived from {@code label}. */
  public static SimAk ecc(String label) {
    SimKey k = SimKey.derive("teepol-tpm-sim", "ak:" + label);
    return new SimAk(k.publicKey(), k.privateKey(), k.privateKey().getS());
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public boolean isRsa() {
    return publicKey instanceof RSAPublicKey;
  }

  /** The TPMT_PUBLIC of this key: name algorithm SHA-256, the given attributes and scheme. */
  public byte[] publicArea(long attributes, SigScheme scheme, TpmHash hash) {
    Be b = new Be().u16(isRsa() ? 0x0001 : 0x0023).u16(TpmHash.SHA256.id()).u32(attributes);
    b.u16(0); // empty authPolicy
    b.u16(SigScheme.NULL); // symmetric: NULL
    if (scheme == null) {
      b.u16(SigScheme.NULL);
    } else {
      b.u16(scheme.id()).u16(hash.id());
    }
    if (publicKey instanceof RSAPublicKey r) {
      b.u16(2048).u32(0).sized(unsigned(r.getModulus(), 256));
    } else {
      ECPublicKey e = (ECPublicKey) publicKey;
      b.u16(0x0003).u16(SigScheme.NULL);
      b.sized(unsigned(e.getW().getAffineX(), 32)).sized(unsigned(e.getW().getAffineY(), 32));
    }
    return b.done();
  }

  /** A restricted signing AK bound to {@code scheme}/{@code hash}. */
  public byte[] publicArea(SigScheme scheme, TpmHash hash) {
    return publicArea(AK_ATTRIBUTES, scheme, hash);
  }

  /** A TPMT_SIGNATURE over {@code data}. */
  public byte[] sign(byte[] data, SigScheme scheme, TpmHash hash) {
    try {
      if (scheme == SigScheme.ECDSA) {
        ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        s.init(
            true,
            new ECPrivateKeyParameters(
                ecPrivate,
                new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH())));
        BigInteger[] rs = s.generateSignature(hash.hash(data));
        return new Be()
            .u16(scheme.id())
            .u16(hash.id())
            .sized(unsigned(rs[0], 32))
            .sized(unsigned(rs[1], 32))
            .done();
      }
      Signature s;
      if (scheme == SigScheme.RSASSA) {
        s = Signature.getInstance(hash.jcaName().replace("-", "") + "withRSA");
        s.initSign(privateKey);
      } else {
        s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(
            new PSSParameterSpec(
                hash.jcaName(), "MGF1", new MGF1ParameterSpec(hash.jcaName()), hash.size(), 1));
        s.initSign(privateKey, new SecureRandom());
      }
      s.update(data);
      return new Be().u16(scheme.id()).u16(hash.id()).sized(s.sign()).done();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The default scheme of this kind of key: RSASSA or ECDSA. */
  public SigScheme defaultScheme() {
    return isRsa() ? SigScheme.RSASSA : SigScheme.ECDSA;
  }

  static byte[] unsigned(BigInteger v, int len) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[len];
    int n = Math.min(b.length, len);
    System.arraycopy(b, b.length - n, out, len - n, n);
    return out;
  }

  /** The attributes of a key that is not an attestation key: an unrestricted signing key. */
  public static long unrestricted() {
    return AK_ATTRIBUTES & ~AkPublic.RESTRICTED;
  }
}
