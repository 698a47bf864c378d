package dev.teepol.server.ear;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import dev.teepol.core.io.BoundedFiles;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The key attestation results are signed with: an EC key on P-256 (ES256) or P-384 (ES384), read
 * from PEM ({@code EC PRIVATE KEY} or PKCS#8 {@code PRIVATE KEY}), or made up for this process
 * only. Its public half is published as a JWKS; the key id is the RFC 7638 thumbprint, so every
 * replica holding the same key publishes the same {@code kid}.
 *
 * @param ephemeral made up at start: results signed by one process cannot be checked against the
 *     JWKS of another
 */
public record SigningKey(ECKey jwk, JWSAlgorithm algorithm, boolean ephemeral) {
  /** Signing keys are a few hundred bytes; anything much larger is not one. */
  static final int MAX_PEM_BYTES = 16 << 10;

  /** An ephemeral P-256 key. */
  public static SigningKey generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      return of((ECPublicKey) kp.getPublic(), (ECPrivateKey) kp.getPrivate(), true);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is part of every JDK", e);
    }
  }

  /**
   * Reads a PEM private key.
   *
   * @throws KeyException naming the file and what is wrong
   */
  public static SigningKey read(Path file) throws KeyException {
    String pem;
    try {
      pem =
          new String(
              BoundedFiles.read(file, MAX_PEM_BYTES, "signing key"), StandardCharsets.US_ASCII);
    } catch (IOException | dev.teepol.core.limits.LimitExceededException e) {
      throw new KeyException(file + ": " + e.getMessage());
    }
    Object o;
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      o = p.readObject();
    } catch (IOException | RuntimeException e) {
      throw new KeyException(file + ": not a PEM private key (" + e.getMessage() + ")");
    }
    // Bouncy Castle reads every PEM shape (SEC1 keys name their curve inside the key).
    JcaPEMKeyConverter conv =
        new JcaPEMKeyConverter()
            .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
    PrivateKey priv;
    try {
      if (o instanceof PEMKeyPair kp) {
        priv = conv.getPrivateKey(kp.getPrivateKeyInfo());
      } else if (o instanceof PrivateKeyInfo info) {
        priv = conv.getPrivateKey(info);
      } else {
        throw new KeyException(
            file
                + ": not an unencrypted PEM private key (EC PRIVATE KEY or PRIVATE KEY)"
                + (o == null ? "" : "; found " + o.getClass().getSimpleName()));
      }
    } catch (IOException e) {
      throw new KeyException(file + ": " + e.getMessage());
    }
    if (!(priv instanceof ECPrivateKey ec)) {
      throw new KeyException(
          file + ": a " + priv.getAlgorithm() + " key; attestation results need an EC key");
    }
    try {
      return of(publicOf(ec), toJdk(ec), false);
    } catch (GeneralSecurityException e) {
      throw new KeyException(file + ": " + e.getMessage());
    }
  }

  private static ECPrivateKey toJdk(ECPrivateKey k) throws GeneralSecurityException {
    return (ECPrivateKey)
        KeyFactory.getInstance("EC")
            .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(k.getEncoded()));
  }

  /** The public point d·G of a private key, so a PKCS#8 file without it still works. */
  private static ECPublicKey publicOf(ECPrivateKey k) throws GeneralSecurityException {
    String curve = curveName(k);
    ECNamedCurveParameterSpec spec = ECNamedCurveTable.getParameterSpec(curve);
    org.bouncycastle.math.ec.ECPoint q = spec.getG().multiply(k.getS()).normalize();
    ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    return (ECPublicKey)
        KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, k.getParams()));
  }

  private static String curveName(ECPrivateKey k) throws GeneralSecurityException {
    BigInteger order = k.getParams().getOrder();
    if (order.equals(ECNamedCurveTable.getParameterSpec("P-256").getN())) {
      return "P-256";
    }
    if (order.equals(ECNamedCurveTable.getParameterSpec("P-384").getN())) {
      return "P-384";
    }
    throw new GeneralSecurityException(
        "an EC key on a curve other than P-256 or P-384; EAR signatures are ES256 or ES384");
  }

  private static SigningKey of(ECPublicKey pub, ECPrivateKey priv, boolean ephemeral)
      throws IllegalStateException {
    try {
      Curve curve = Curve.forECParameterSpec(pub.getParams());
      JWSAlgorithm alg;
      if (Curve.P_256.equals(curve)) {
        alg = JWSAlgorithm.ES256;
      } else if (Curve.P_384.equals(curve)) {
        alg = JWSAlgorithm.ES384;
      } else {
        throw new IllegalStateException("unsupported curve " + curve);
      }
      ECKey noId =
          new ECKey.Builder(curve, pub)
              .privateKey(priv)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(alg)
              .build();
      ECKey jwk = new ECKey.Builder(noId).keyIDFromThumbprint().build();
      return new SigningKey(jwk, alg, ephemeral);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public String keyId() {
    return jwk.getKeyID();
  }

  /** The published JWKS: the public key only. */
  public String jwksJson() {
    return new JWKSet(jwk.toPublicJWK()).toString(true);
  }

  /** The private key's encoding, to derive other secrets from (the challenge key). */
  byte[] privateEncoding() {
    try {
      return jwk.toECPrivateKey().getEncoded();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A 32-byte key for {@code purpose}, derived from this key with HKDF-SHA256, so replicas sharing
   * the signing key share it too.
   */
  public byte[] derive(String purpose) {
    org.bouncycastle.crypto.generators.HKDFBytesGenerator h =
        new org.bouncycastle.crypto.generators.HKDFBytesGenerator(
            new org.bouncycastle.crypto.digests.SHA256Digest());
    h.init(
        new org.bouncycastle.crypto.params.HKDFParameters(
            privateEncoding(),
            "teepol serve".getBytes(StandardCharsets.US_ASCII),
            purpose.getBytes(StandardCharsets.US_ASCII)));
    byte[] out = new byte[32];
    h.generateBytes(out, 0, out.length);
    return out;
  }

  /** A signing key that could not be used. */
  public static final class KeyException extends Exception {
    public KeyException(String message) {
      super(message);
    }
  }
}
