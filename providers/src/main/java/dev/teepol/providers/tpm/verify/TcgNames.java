package dev.teepol.providers.tpm.verify;

import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * The TCG attributes of a TPM certificate's subject alternative name (TCG EK Credential Profile,
 * 3.2.9): tpmManufacturer (2.23.133.2.1) is {@code id:} and the vendor's four ASCII letters in hex
 * ({@code id:474F4F47} is GOOG).
 */
final class TcgNames {
  static final ASN1ObjectIdentifier TPM_MANUFACTURER = new ASN1ObjectIdentifier("2.23.133.2.1");

  private TcgNames() {}

  /**
   * @throws IllegalArgumentException the SAN is present but does not decode
   */
  static Optional<String> manufacturer(X509Certificate cert) {
    byte[] ext = cert.getExtensionValue(Extension.subjectAlternativeName.getId());
    if (ext == null) {
      return Optional.empty();
    }
    try {
      GeneralNames names =
          GeneralNames.getInstance(
              ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
      for (GeneralName n : names.getNames()) {
        if (n.getTagNo() != GeneralName.directoryName) {
          continue;
        }
        for (RDN rdn : X500Name.getInstance(n.getName()).getRDNs(TPM_MANUFACTURER)) {
          if (rdn.getFirst().getValue() instanceof ASN1String s) {
            return Optional.of(vendor(s.getString()));
          }
        }
      }
      return Optional.empty();
    } catch (java.io.IOException | IllegalStateException | ClassCastException e) {
      throw new IllegalArgumentException("subject alternative name: " + e.getMessage());
    }
  }

  /**
   * "id:474F4F47" → "GOOG"; anything else as written, printable ASCII only, at most 16 characters.
   */
  static String vendor(String v) {
    if (v.startsWith("id:") && v.length() == 11) {
      try {
        byte[] b = HexFormat.of().parseHex(v.substring(3));
        StringBuilder out = new StringBuilder();
        for (byte c : b) {
          if (c >= 0x21 && c < 0x7f) {
            out.append((char) c);
          }
        }
        return out.toString();
      } catch (IllegalArgumentException e) {
        // not hex: fall through to the raw value
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < v.length() && out.length() < 16; i++) {
      char c = v.charAt(i);
      if (c >= 0x21 && c < 0x7f) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
