package dev.teepol.providers.confidentialspace.token;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The JOSE header of a Confidential Space token, decoded strictly.
 *
 * @param alg the algorithm the token names; only {@code RS256} is ever accepted
 * @param kid the key id: for an OIDC token the JWKS key to use, for a PKI token the RFC 7638
 *     thumbprint of the leaf key (informational)
 * @param x5c the certificate chain of a PKI token, leaf first; empty for an OIDC token
 * @param unknown header parameters teepol does not know (they make the token unacceptable)
 */
public record TokenHeader(
    String alg,
    Optional<String> typ,
    Optional<String> kid,
    List<X509Certificate> x5c,
    List<String> unknown) {
  public TokenHeader {
    x5c = List.copyOf(x5c);
    unknown = List.copyOf(unknown);
  }

  /** A PKI token carries its certificate chain; an OIDC token names a JWKS key instead. */
  public boolean pki() {
    return !x5c.isEmpty();
  }
}
