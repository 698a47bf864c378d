package dev.teepol.providers.sevsnp;

import dev.teepol.core.limits.Limits;
import dev.teepol.providers.sevsnp.abi.Product;
import dev.teepol.providers.sevsnp.verify.CertificateReader;
import dev.teepol.providers.sevsnp.verify.SuppliedCertificates;
import java.util.List;
import java.util.Optional;

/**
 * What a caller gives the SEV-SNP provider besides the report: certificates the evidence carries (a
 * dstack cert_chain, a certificate table; verified like any other, never trusted) and, for a
 * version-2 report without CPUID, the product the caller knows it came from. Certificates in the
 * context's collateral sources are added by the provider.
 */
public record SnpInputs(SuppliedCertificates certificates, Optional<Product> product) {
  public static final SnpInputs NONE = new SnpInputs(SuppliedCertificates.NONE, Optional.empty());

  /** Certificate blobs (each DER or PEM) the evidence carries, named by where they came from. */
  public static SnpInputs certificates(List<byte[]> blobs, String origin, Limits limits) {
    SuppliedCertificates s = SuppliedCertificates.NONE;
    for (int i = 0; i < blobs.size(); i++) {
      s = s.plus(CertificateReader.read(blobs.get(i), origin + "[" + i + "]", limits));
    }
    return new SnpInputs(s, Optional.empty());
  }

  public SnpInputs withProduct(Product p) {
    return new SnpInputs(certificates, Optional.of(p));
  }
}
