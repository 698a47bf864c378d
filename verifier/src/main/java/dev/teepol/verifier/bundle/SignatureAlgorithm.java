package dev.teepol.verifier.bundle;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.spec.ECParameterSpec;

/**
 * The key types a policy bundle may be signed with: Ed25519, and ECDSA on P-256 with SHA-256 (DER
 * signatures, as DSSE and Sigstore use). Any other key is refused, so a verifier never accepts a
 * weaker algorithm than the ones documented.
 */
enum SignatureAlgorithm {
  ED25519("Ed25519"),
  ECDSA_P256_SHA256("SHA256withECDSA");

  private static final java.math.BigInteger P256_ORDER =
      new java.math.BigInteger(
          "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

  private final String jca;

  SignatureAlgorithm(String jca) {
    this.jca = jca;
  }

  /** Bouncy Castle, used directly (never registered JVM-wide), for keys of either origin. */
  static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

  Signature signature() throws GeneralSecurityException {
    return Signature.getInstance(jca, BC);
  }

  static SignatureAlgorithm of(Key key) throws GeneralSecurityException {
    if (isEd25519(key)) {
      return ED25519;
    }
    if (key instanceof ECKey ec) {
      ECParameterSpec p = ec.getParams();
      if (p != null && p.getOrder().equals(P256_ORDER)) {
        return ECDSA_P256_SHA256;
      }
      throw new GeneralSecurityException("EC key is not on P-256 (only P-256 is accepted)");
    }
    throw new GeneralSecurityException(
        "a " + key.getAlgorithm() + " key: bundles are signed with Ed25519 or ECDSA P-256 keys");
  }

  /** Ed25519 by the algorithm OID of the key's encoding (Ed448 shares the EdDSA name). */
  private static boolean isEd25519(Key key) {
    if (!(key instanceof EdECKey)
        && !key.getAlgorithm().equals("Ed25519")
        && !key.getAlgorithm().equals("EdDSA")) {
      return false;
    }
    try {
      org.bouncycastle.asn1.ASN1ObjectIdentifier oid =
          key instanceof java.security.PublicKey
              ? org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(key.getEncoded())
                  .getAlgorithm()
                  .getAlgorithm()
              : org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getEncoded())
                  .getPrivateKeyAlgorithm()
                  .getAlgorithm();
      return oid.equals(org.bouncycastle.asn1.edec.EdECObjectIdentifiers.id_Ed25519);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
