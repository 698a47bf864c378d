package dev.teepol.providers.tdx.sim;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * PEM text for certificate chains, with "\n" line ends regardless of platform (reproducible files).
 */
final class Pem {
  private Pem() {}

  static byte[] chain(X509Certificate... certs) {
    StringBuilder sb = new StringBuilder();
    Base64.Encoder enc = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    for (X509Certificate c : certs) {
      try {
        sb.append("-----BEGIN CERTIFICATE-----\n")
            .append(enc.encodeToString(c.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException(e);
      }
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
