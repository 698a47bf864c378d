package dev.teepol.providers.sevsnp.verify;

import dev.teepol.providers.sevsnp.cert.AmdCertificate;
import dev.teepol.providers.sevsnp.cert.AmdRole;
import java.util.ArrayList;
import java.util.List;

/**
 * The certificates a verification was given: those the evidence carries (a dstack cert_chain, a
 * certificate table) and those the collateral sources served, each AMD-classified, plus what could
 * not be read as an AMD certificate. All are evidence to verify, never trust.
 *
 * @param problems certificates that are not AMD SEV certificates, or did not decode, with where
 */
public record SuppliedCertificates(
    List<AmdCertificate> certificates, List<String> problems, List<String> origins) {
  public static final SuppliedCertificates NONE =
      new SuppliedCertificates(List.of(), List.of(), List.of());

  public SuppliedCertificates {
    certificates = List.copyOf(certificates);
    problems = List.copyOf(problems);
    origins = List.copyOf(origins);
  }

  public List<AmdCertificate> ofRole(AmdRole role) {
    return certificates.stream().filter(c -> c.role() == role).toList();
  }

  public SuppliedCertificates plus(SuppliedCertificates other) {
    List<AmdCertificate> c = new ArrayList<>(certificates);
    for (AmdCertificate x : other.certificates) {
      if (c.stream()
          .noneMatch(
              y ->
                  dev.teepol.core.crypto.Certificates.sameCertificate(
                      y.certificate(), x.certificate()))) {
        c.add(x);
      }
    }
    List<String> p = new ArrayList<>(problems);
    p.addAll(other.problems);
    List<String> o = new ArrayList<>(origins);
    other.origins.stream().filter(x -> !o.contains(x)).forEach(o::add);
    return new SuppliedCertificates(c, p, o);
  }
}
