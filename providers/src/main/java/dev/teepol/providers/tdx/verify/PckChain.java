package dev.teepol.providers.tdx.verify;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.providers.tdx.abi.QeCertification;
import dev.teepol.providers.tdx.pck.PckExtensionParser;
import dev.teepol.providers.tdx.pck.PckExtensions;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The PCK certificate chain carried in a quote (leaf, PCK CA, root) and the leaf's SGX extension.
 */
record PckChain(List<X509Certificate> certificates, PckExtensions extensions) {
  static final int CERT_TYPE_PCK_CHAIN = 5;

  public X509Certificate leaf() {
    return certificates.get(0);
  }

  /** The PCK CA that issued the leaf, which also signs the PCK CRL. */
  public X509Certificate intermediate() {
    return certificates.get(1);
  }

  /**
   * Refuses anything but a PEM chain. Called on every quote, before any cache lookup: the type
   * field is not covered by a signature, so a cached chain must never stand in for its check.
   */
  static void requirePemChain(QeCertification qe) throws ParseException {
    if (qe.certDataType() != CERT_TYPE_PCK_CHAIN) {
      throw new ParseException(
          "qe_certification_data.type",
          qe.certDataOffset() - 6,
          "certification data type "
              + qe.certDataType()
              + " is not a PCK certificate chain (5)"
              + (qe.certDataType() == 3
                  ? "; type 3 (encrypted PPID) needs the PCK certificate from a PCCS, not supported offline"
                  : ""));
    }
  }

  /**
   * @param certData {@code qe}'s certification data, a PEM chain once {@link #requirePemChain}
   *     passed
   */
  static PckChain decode(QeCertification qe, byte[] certData, int maxChain) throws ParseException {
    requirePemChain(qe);
    String pem = new String(certData, StandardCharsets.US_ASCII);
    List<X509Certificate> certs;
    try {
      certs = Certificates.parsePemChain(pem, maxChain);
    } catch (CertificateException e) {
      throw new ParseException(
          "qe_certification_data.pck_chain", qe.certDataOffset(), e.getMessage());
    }
    if (certs.size() < 2) {
      throw new ParseException(
          "qe_certification_data.pck_chain",
          qe.certDataOffset(),
          "PCK chain has "
              + certs.size()
              + " certificate(s); the leaf and its PCK CA are required");
    }
    return new PckChain(certs, PckExtensionParser.parse(certs.get(0)));
  }
}
