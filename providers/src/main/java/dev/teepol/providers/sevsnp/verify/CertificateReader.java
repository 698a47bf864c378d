package dev.teepol.providers.sevsnp.verify;

import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.sevsnp.cert.AmdCertificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Supplied certificate bytes (DER or PEM) → AMD-classified certificates and what was not one. */
public final class CertificateReader {
  private CertificateReader() {}

  /**
   * Reads one blob of certificates (at most {@link Limits#maxCertChainLength()}). A blob that does
   * not decode, or a certificate AMD's names do not classify, is a problem the chain check reports:
   * supplied material that cannot be verified is never silently dropped.
   */
  public static SuppliedCertificates read(byte[] bytes, String origin, Limits limits) {
    List<AmdCertificate> certs = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try {
      for (X509Certificate c : Certificates.parseAny(bytes, limits.maxCertChainLength())) {
        Optional<AmdCertificate> a = AmdCertificate.classify(c);
        if (a.isPresent()) {
          certs.add(a.get());
        } else {
          problems.add(
              origin
                  + ": '"
                  + c.getSubjectX500Principal().getName()
                  + "' is not an AMD SEV certificate");
        }
      }
    } catch (CertificateException | RuntimeException e) {
      problems.add(origin + ": certificates do not decode: " + e.getMessage());
    }
    return new SuppliedCertificates(certs, problems, List.of(origin));
  }
}
