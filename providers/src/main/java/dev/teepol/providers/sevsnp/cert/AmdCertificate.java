package dev.teepol.providers.sevsnp.cert;

import dev.teepol.providers.sevsnp.abi.Product;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * A certificate with the role and product its names claim. The names only route a certificate; what
 * it may do is decided by verifying its chain to the pinned ARK of that product.
 *
 * @param product for an ARK, ASK or ASVK the product in its CN; for a VCEK or VLEK the product of
 *     its issuer's CN (its productName extension is read by {@link VcekExtensions})
 */
public record AmdCertificate(X509Certificate certificate, AmdRole role, Product product) {

  /** The role and product a certificate's subject and issuer CNs name, if they are AMD's. */
  public static Optional<AmdCertificate> classify(X509Certificate cert) {
    String subject = cn(cert.getSubjectX500Principal().getEncoded());
    String issuer = cn(cert.getIssuerX500Principal().getEncoded());
    if (subject.equals("SEV-VCEK") || subject.equals("SEV-VLEK")) {
      String prefix = subject.equals("SEV-VCEK") ? "SEV-" : "SEV-VLEK-";
      if (!issuer.startsWith(prefix)) {
        return Optional.empty();
      }
      return Product.byName(issuer.substring(prefix.length()))
          .filter(p -> issuer.equals(prefix + p.kdsName()))
          .map(
              p ->
                  new AmdCertificate(
                      cert, subject.equals("SEV-VCEK") ? AmdRole.VCEK : AmdRole.VLEK, p));
    }
    if (subject.startsWith("ARK-")) {
      return exact(cert, subject, "ARK-", AmdRole.ARK);
    }
    if (subject.startsWith("SEV-VLEK-")) {
      return exact(cert, subject, "SEV-VLEK-", AmdRole.ASVK);
    }
    if (subject.startsWith("SEV-")) {
      return exact(cert, subject, "SEV-", AmdRole.ASK);
    }
    return Optional.empty();
  }

  private static Optional<AmdCertificate> exact(
      X509Certificate cert, String cn, String prefix, AmdRole role) {
    return Product.byName(cn.substring(prefix.length()))
        .filter(p -> cn.equals(prefix + p.kdsName()))
        .map(p -> new AmdCertificate(cert, role, p));
  }

  /** The (first) common name, or "" when there is none. */
  static String cn(byte[] name) {
    X500Name n = X500Name.getInstance(name);
    return Arrays.stream(n.getRDNs(BCStyle.CN))
        .findFirst()
        .map(rdn -> IETFUtils.valueToString(rdn.getFirst().getValue()))
        .orElse("");
  }

  public String describe() {
    return role + " " + certificate.getSubjectX500Principal().getName();
  }
}
