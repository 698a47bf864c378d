package dev.teepol.providers.sevsnp.cert;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * What AMD's SEV certificates are, beyond a valid path: every one is signed with RSASSA-PSS over
 * SHA-384 (MGF1-SHA-384, salt 48); the ARK, ASK and ASVK hold RSA keys (4096 bits) and are CAs; a
 * VCEK or VLEK holds an ECDSA P-384 key and is not a CA. A certificate AMD would not issue is
 * refused even if some path to the ARK validated.
 */
public final class AmdProfile {
  static final String RSASSA_PSS = "1.2.840.113549.1.1.10";
  private static final BigInteger P384_ORDER =
      new BigInteger(
          "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
          16);

  private AmdProfile() {}

  /** Every way {@code c} departs from what AMD issues for its role; empty when it conforms. */
  public static List<String> problems(AmdCertificate c) {
    X509Certificate cert = c.certificate();
    List<String> out = new ArrayList<>();
    String who =
        c.role() + " '" + AmdCertificate.cn(cert.getSubjectX500Principal().getEncoded()) + "'";
    if (!RSASSA_PSS.equals(cert.getSigAlgOID())) {
      out.add(who + " is signed with " + cert.getSigAlgName() + ", not RSASSA-PSS");
    } else {
      pss(cert.getSigAlgParams()).ifPresent(p -> out.add(who + ": " + p));
    }
    switch (c.role()) {
      case ARK, ASK, ASVK -> {
        if (!(cert.getPublicKey() instanceof RSAPublicKey rsa)) {
          out.add(who + " holds a " + cert.getPublicKey().getAlgorithm() + " key, not RSA");
        } else if (rsa.getModulus().bitLength() != 4096) {
          out.add(who + " holds an RSA-" + rsa.getModulus().bitLength() + " key, not RSA-4096");
        }
        if (cert.getBasicConstraints() < 0) {
          out.add(who + " is not a CA");
        }
      }
      case VCEK, VLEK -> {
        if (!(cert.getPublicKey() instanceof ECPublicKey ec)
            || !ec.getParams().getOrder().equals(P384_ORDER)) {
          out.add(who + " does not hold an ECDSA P-384 key");
        }
        if (cert.getBasicConstraints() >= 0) {
          out.add(who + " is a CA");
        }
      }
    }
    return out;
  }

  /** The RSASSA-PSS parameters AMD uses: SHA-384, MGF1 with SHA-384, salt length 48. */
  private static java.util.Optional<String> pss(byte[] encoded) {
    if (encoded == null) {
      return java.util.Optional.of("RSASSA-PSS without parameters (SHA-1 defaults)");
    }
    try {
      RSASSAPSSparams p = RSASSAPSSparams.getInstance(encoded);
      AlgorithmIdentifier hash = p.getHashAlgorithm();
      AlgorithmIdentifier mgf = p.getMaskGenAlgorithm();
      boolean ok =
          NISTObjectIdentifiers.id_sha384.equals(hash.getAlgorithm())
              && PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())
              && NISTObjectIdentifiers.id_sha384.equals(
                  AlgorithmIdentifier.getInstance(mgf.getParameters()).getAlgorithm())
              && p.getSaltLength().intValueExact() == 48;
      return ok
          ? java.util.Optional.empty()
          : java.util.Optional.of("RSASSA-PSS parameters are not SHA-384 / MGF1-SHA-384 / salt 48");
    } catch (RuntimeException e) {
      return java.util.Optional.of("RSASSA-PSS parameters do not decode");
    }
  }
}
