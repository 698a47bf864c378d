package dev.teepol.providers.tpm.abi;

import dev.teepol.core.bytes.ByteReader;
import dev.teepol.core.bytes.ParseException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * TPMT_PUBLIC (big-endian) → {@link AkPublic}: an RSA (2048..4096) or ECC (NIST P-256, P-384)
 * signing key. ECC points are checked to lie on their curve; the whole input must be the one
 * structure.
 */
public final class AkPublicParser {
  static final int TPM_ALG_RSA = 0x0001;
  static final int TPM_ALG_ECC = 0x0023;

  /** TPM2B_DIGEST of the auth policy. */
  static final int MAX_POLICY = TpmHash.MAX_DIGEST;

  /** TPM2B_PUBLIC_KEY_RSA for RSA-4096. */
  static final int MAX_RSA_BYTES = 512;

  /** TPMI_ECC_CURVE → (curve name, field size in bytes, model name). */
  private enum Curve {
    NIST_P256(0x0003, "secp256r1", 32, "ecc-nist-p256"),
    NIST_P384(0x0004, "secp384r1", 48, "ecc-nist-p384");

    final int id;
    final String name;
    final int fieldBytes;
    final String label;

    Curve(int id, String name, int fieldBytes, String label) {
      this.id = id;
      this.name = name;
      this.fieldBytes = fieldBytes;
      this.label = label;
    }

    static Optional<Curve> byId(int id) {
      for (Curve c : values()) {
        if (c.id == id) {
          return Optional.of(c);
        }
      }
      return Optional.empty();
    }
  }

  private AkPublicParser() {}

  public static AkPublic parse(byte[] b) throws ParseException {
    ByteReader r = new ByteReader(b);
    int type = r.u16be("type");
    int nameAt = r.position();
    int nameAlgId = r.u16be("nameAlg");
    TpmHash nameAlg =
        TpmHash.byId(nameAlgId)
            .orElseThrow(
                () ->
                    new ParseException(
                        "nameAlg",
                        nameAt,
                        "unsupported name algorithm " + TpmHash.describe(nameAlgId)));
    long attributes = r.u32be("objectAttributes");
    QuoteParser.sized(r, "authPolicy", MAX_POLICY);
    symmetric(r);
    AkPublic key =
        switch (type) {
          case TPM_ALG_RSA -> rsa(r, b, nameAlg, attributes);
          case TPM_ALG_ECC -> ecc(r, b, nameAlg, attributes);
          default ->
              throw new ParseException(
                  "type",
                  0,
                  String.format(
                      "0x%04x is not an RSA (0x0001) or ECC (0x0023) key: no quote can be checked"
                          + " with it",
                      type));
        };
    if (r.remaining() != 0) {
      throw new ParseException(
          "TPMT_PUBLIC", r.position(), r.remaining() + " bytes after the end of the public area");
    }
    return key;
  }

  /** TPMT_SYM_DEF_OBJECT: NULL, or an algorithm with key bits and mode. */
  private static void symmetric(ByteReader r) throws ParseException {
    int alg = r.u16be("parameters.symmetric.algorithm");
    if (alg != SigScheme.NULL) {
      r.skip("parameters.symmetric.keyBits+mode", 4);
    }
  }

  private static Optional<AkPublic.Scheme> scheme(ByteReader r, String field, boolean rsa)
      throws ParseException {
    int at = r.position();
    int id = r.u16be(field + ".scheme");
    if (id == SigScheme.NULL) {
      return Optional.empty();
    }
    SigScheme s =
        SigScheme.byId(id)
            .filter(x -> x.rsa() == rsa)
            .orElseThrow(
                () ->
                    new ParseException(
                        field + ".scheme",
                        at,
                        String.format(
                            "0x%04x is not a %s signing scheme teepol verifies",
                            id, rsa ? "RSA (RSASSA, RSAPSS)" : "ECC (ECDSA)")));
    int hashAt = r.position();
    int hashId = r.u16be(field + ".details.hashAlg");
    TpmHash h =
        TpmHash.byId(hashId)
            .orElseThrow(
                () ->
                    new ParseException(
                        field + ".details.hashAlg",
                        hashAt,
                        "unsupported hash " + TpmHash.describe(hashId)));
    return Optional.of(new AkPublic.Scheme(s, h));
  }

  private static AkPublic rsa(ByteReader r, byte[] raw, TpmHash nameAlg, long attributes)
      throws ParseException {
    Optional<AkPublic.Scheme> scheme = scheme(r, "parameters.scheme", true);
    int bitsAt = r.position();
    int keyBits = r.u16be("parameters.keyBits");
    if (keyBits != 2048 && keyBits != 3072 && keyBits != 4096) {
      throw new ParseException(
          "parameters.keyBits",
          bitsAt,
          "RSA-" + keyBits + ": attestation keys must be RSA-2048, -3072 or -4096");
    }
    long exponent = r.u32be("parameters.exponent");
    byte[] modulus = QuoteParser.sized(r, "unique.rsa", MAX_RSA_BYTES);
    if (modulus.length != keyBits / 8 || (modulus[0] & 0x80) == 0) {
      throw new ParseException(
          "unique.rsa",
          r.position() - modulus.length,
          "modulus is " + modulus.length + " bytes, not a " + keyBits + "-bit number");
    }
    BigInteger e = BigInteger.valueOf(exponent == 0 ? 65537 : exponent);
    PublicKey key;
    try {
      key =
          KeyFactory.getInstance("RSA")
              .generatePublic(new RSAPublicKeySpec(new BigInteger(1, modulus), e));
    } catch (GeneralSecurityException ex) {
      throw new ParseException("unique.rsa", bitsAt, "not an RSA key: " + ex.getMessage());
    }
    return new AkPublic(
        raw.clone(), nameAlg, attributes, scheme, key, "rsa-" + keyBits, name(raw, nameAlg));
  }

  private static AkPublic ecc(ByteReader r, byte[] raw, TpmHash nameAlg, long attributes)
      throws ParseException {
    Optional<AkPublic.Scheme> scheme = scheme(r, "parameters.scheme", false);
    int curveAt = r.position();
    int curveId = r.u16be("parameters.curveID");
    Curve curve =
        Curve.byId(curveId)
            .orElseThrow(
                () ->
                    new ParseException(
                        "parameters.curveID",
                        curveAt,
                        String.format(
                            "curve 0x%04x: teepol verifies NIST P-256 and P-384 keys", curveId)));
    int kdf = r.u16be("parameters.kdf.scheme");
    if (kdf != SigScheme.NULL) {
      r.skip("parameters.kdf.details", 2);
    }
    int xAt = r.position();
    byte[] x = QuoteParser.sized(r, "unique.ecc.x", curve.fieldBytes);
    byte[] y = QuoteParser.sized(r, "unique.ecc.y", curve.fieldBytes);
    BigInteger bx = new BigInteger(1, x);
    BigInteger by = new BigInteger(1, y);
    PublicKey key;
    try {
      X9ECParameters x9 = CustomNamedCurves.getByName(curve.name);
      if (!x9.getCurve().createPoint(bx, by).isValid()) {
        throw new ParseException("unique.ecc", xAt, "the point is not on " + curve.label);
      }
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec(curve.name));
      ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
      key =
          KeyFactory.getInstance("EC")
              .generatePublic(new ECPublicKeySpec(new ECPoint(bx, by), spec));
    } catch (IllegalArgumentException | GeneralSecurityException ex) {
      throw new ParseException("unique.ecc", xAt, "not a point on " + curve.label + ": " + ex);
    }
    return new AkPublic(
        raw.clone(), nameAlg, attributes, scheme, key, curve.label, name(raw, nameAlg));
  }

  /** The TPM name: nameAlg (u16, big-endian) ‖ H_nameAlg(TPMT_PUBLIC). */
  static byte[] name(byte[] raw, TpmHash nameAlg) {
    byte[] h = nameAlg.hash(raw);
    byte[] out = new byte[2 + h.length];
    out[0] = (byte) (nameAlg.id() >> 8);
    out[1] = (byte) nameAlg.id();
    System.arraycopy(h, 0, out, 2, h.length);
    return out;
  }
}
