package dev.teepol.core.crypto;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/** Certificate revocation lists: issuer signature, validity window and revocation lookups. */
public final class Crls {
  private Crls() {}

  /**
   * Checks that {@code crl} was issued and signed by {@code issuer} and is current at {@code at}
   * (thisUpdate ≤ at ≤ nextUpdate; a CRL without nextUpdate is refused, since it could be replayed
   * forever).
   *
   * @return empty when the CRL is good, else the reason
   */
  public static Optional<String> verify(X509CRL crl, X509Certificate issuer, Instant at) {
    if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return Optional.of(
          "CRL issuer '"
              + crl.getIssuerX500Principal().getName()
              + "' is not '"
              + issuer.getSubjectX500Principal().getName()
              + "'");
    }
    try {
      crl.verify(issuer.getPublicKey());
    } catch (java.security.GeneralSecurityException e) {
      return Optional.of(
          "CRL signature does not verify with the key of '"
              + issuer.getSubjectX500Principal().getName()
              + "'");
    }
    Date now = Date.from(at);
    if (now.before(crl.getThisUpdate())) {
      return Optional.of("CRL not yet valid: thisUpdate " + crl.getThisUpdate().toInstant());
    }
    if (crl.getNextUpdate() == null) {
      return Optional.of("CRL has no nextUpdate");
    }
    if (now.after(crl.getNextUpdate())) {
      return Optional.of("CRL expired: nextUpdate " + crl.getNextUpdate().toInstant());
    }
    return Optional.empty();
  }

  /** The first certificate of {@code certs} that {@code crl} revokes, if any. */
  public static Optional<X509Certificate> firstRevoked(X509CRL crl, List<X509Certificate> certs) {
    for (X509Certificate c : certs) {
      if (c.getIssuerX500Principal().equals(crl.getIssuerX500Principal()) && crl.isRevoked(c)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
