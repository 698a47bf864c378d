package dev.teepol.kms.ratls;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * A decoded RA-TLS chain, leaf first: the app certificate, its issuing app CA(s), the KMS root.
 * Nothing here is verified yet; {@link RatlsProvider} runs the checks.
 *
 * @param chain every certificate, in the order given (leaf first, root last)
 * @param leafSpki the app certificate's DER SubjectPublicKeyInfo (what report_data binds)
 * @param rootSpki the last certificate's DER SubjectPublicKeyInfo (the KMS root key)
 * @param quote the TDX quote extension's content, when present
 * @param eventLog the event-log extension as JSON text (decompressed), when present
 * @param leafAppId the leaf's app-id extension, when present
 * @param caAppId the issuing app CA's app-id extension, when present
 * @param leafUsage the leaf's usage extension, when present
 * @param versionedAttestation the leaf carries a non-TDX {@code VersionedAttestation} extension
 */
public record RatlsChain(
    List<X509Certificate> chain,
    byte[] leafSpki,
    byte[] rootSpki,
    Optional<byte[]> quote,
    Optional<String> eventLog,
    Optional<byte[]> leafAppId,
    Optional<byte[]> caAppId,
    Optional<String> leafUsage,
    boolean versionedAttestation) {

  public RatlsChain {
    chain = List.copyOf(chain);
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  public X509Certificate root() {
    return chain.get(chain.size() - 1);
  }
}
