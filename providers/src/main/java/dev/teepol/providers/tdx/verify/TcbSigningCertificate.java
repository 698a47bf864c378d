package dev.teepol.providers.tdx.verify;

import dev.teepol.core.crypto.Certificates;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The only certificate whose key may sign TCB info and QE identity: Intel's "Intel SGX TCB Signing"
 * certificate, shipped as the issuer chain [TCB Signing, root]. A chain that merely validates to
 * the root is not enough: a PCK leaf, a PCK CA or the root itself also validate, and anyone who
 * extracted one PCK key from a machine could otherwise mint UpToDate TCB info (audit item 1).
 *
 * <p>What Intel's certificate carries (the corpus collateral's TCB-Info-Issuer-Chain): issued
 * directly by the root, basicConstraints CA:false, key usage exactly digitalSignature and
 * nonRepudiation, subject CN "Intel SGX TCB Signing". The name is derived from the anchor ("Intel
 * SGX Root CA" gives "Intel SGX TCB Signing"), so a test PKI with its own root keeps the same rule.
 */
final class TcbSigningCertificate {
  static final String ROOT_SUFFIX = "Root CA";
  static final String SIGNING_SUFFIX = "TCB Signing";

  /** KeyUsage bit positions as {@link X509Certificate#getKeyUsage()} numbers them. */
  private static final String[] USAGE_NAMES = {
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly"
  };

  private TcbSigningCertificate() {}

  /**
   * Why {@code chain} (signer first) is not Intel's TCB signing chain under one of {@code anchors};
   * empty when it is. Signatures and validity are checked separately (PKIX); this is the shape.
   */
  static Optional<String> problem(List<X509Certificate> chain, List<X509Certificate> anchors) {
    if (chain.isEmpty()) {
      return Optional.of("empty issuer chain");
    }
    X509Certificate signer = chain.get(0);
    String who = "'" + name(signer) + "'";
    if (chain.size() != 2) {
      return Optional.of(
          "signer "
              + who
              + " comes with an issuer chain of "
              + chain.size()
              + " certificate(s) "
              + names(chain)
              + "; Intel's is exactly [TCB Signing, root]");
    }
    Optional<X509Certificate> root =
        anchors.stream().filter(a -> Certificates.sameCertificate(a, chain.get(1))).findFirst();
    if (root.isEmpty()) {
      return Optional.of(
          "the issuer chain of "
              + who
              + " ends in '"
              + name(chain.get(1))
              + "', which is not the trust anchor");
    }
    X509Certificate anchor = root.get();
    if (!signer.getIssuerX500Principal().equals(anchor.getSubjectX500Principal())) {
      return Optional.of(
          who
              + " is issued by '"
              + signer.getIssuerX500Principal().getName()
              + "', not by the root");
    }
    if (signer.getBasicConstraints() >= 0) {
      return Optional.of(
          who + " is a CA certificate; the TCB signing certificate is an end entity");
    }
    List<String> usage = usage(signer);
    if (!usage.equals(List.of("digitalSignature", "nonRepudiation"))) {
      return Optional.of(
          who
              + " has key usage "
              + usage
              + "; the TCB signing certificate has exactly [digitalSignature, nonRepudiation]");
    }
    Optional<String> anchorCn = commonName(anchor).filter(cn -> cn.endsWith(ROOT_SUFFIX));
    if (anchorCn.isEmpty()) {
      return Optional.of(
          "the trust anchor '"
              + name(anchor)
              + "' has no common name ending in '"
              + ROOT_SUFFIX
              + "', so the TCB signing certificate's name cannot be checked");
    }
    String expected =
        anchorCn.get().substring(0, anchorCn.get().length() - ROOT_SUFFIX.length())
            + SIGNING_SUFFIX;
    if (!commonName(signer).map(expected::equals).orElse(false)) {
      return Optional.of(who + " is not named '" + expected + "'");
    }
    return Optional.empty();
  }

  private static List<String> usage(X509Certificate c) {
    boolean[] bits = c.getKeyUsage();
    List<String> out = new ArrayList<>();
    if (bits == null) {
      out.add("(none: any)");
      return out;
    }
    for (int i = 0; i < bits.length; i++) {
      if (bits[i]) {
        out.add(i < USAGE_NAMES.length ? USAGE_NAMES[i] : "bit " + i);
      }
    }
    return out;
  }

  /** The single CN of the subject, if it has exactly one. */
  static Optional<String> commonName(X509Certificate c) {
    RDN[] rdns = X500Name.getInstance(c.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
    if (rdns.length != 1
        || rdns[0].isMultiValued()
        || !(rdns[0].getFirst().getValue() instanceof ASN1String s)) {
      return Optional.empty();
    }
    return Optional.of(s.getString());
  }

  static String name(X509Certificate c) {
    return c.getSubjectX500Principal().getName();
  }

  private static String names(List<X509Certificate> chain) {
    return chain.stream().map(c -> "'" + name(c) + "'").toList().toString();
  }
}
