package dev.teepol.cli;

import dev.teepol.core.spi.TrustAnchors;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates for anchor tests. */
final class TestCerts {
  private TestCerts() {}

  static X509Certificate selfSigned(X500Principal subject) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    var builder =
        new JcaX509v3CertificateBuilder(
            subject,
            BigInteger.ONE,
            Date.from(Instant.parse("2020-01-01T00:00:00Z")),
            Date.from(Instant.parse("2040-01-01T00:00:00Z")),
            subject,
            kp.getPublic());
    var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  /**
   * A different key under the Intel SGX Root CA's name: what a test PKI or a pinned copy looks
   * like.
   */
  static X509Certificate intelNamedRoot() throws Exception {
    return selfSigned(
        TrustAnchors.defaults().get(TrustAnchors.INTEL_SGX_ROOT).get(0).getSubjectX500Principal());
  }

  static String pem(X509Certificate c) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + java.util.Base64.getMimeEncoder(
                64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(c.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }
}
