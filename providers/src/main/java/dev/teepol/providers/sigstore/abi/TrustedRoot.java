package dev.teepol.providers.sigstore.abi;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A Sigstore trusted root ({@code application/vnd.dev.sigstore.trustedroot+json}): the Fulcio CAs,
 * the Rekor logs and the CT logs whose keys teepol trusts, each for a window of time.
 *
 * @param tlogs Rekor transparency logs
 * @param certificateAuthorities Fulcio CAs, each a chain ending in its root
 * @param ctlogs certificate transparency logs (SCT keys)
 * @param timestampAuthorities how many RFC 3161 timestamp authorities it names (not used: teepol
 *     does not verify RFC 3161 timestamps)
 */
public record TrustedRoot(
    List<TransparencyLog> tlogs,
    List<CertificateAuthority> certificateAuthorities,
    List<TransparencyLog> ctlogs,
    int timestampAuthorities) {
  public TrustedRoot {
    tlogs = List.copyOf(tlogs);
    certificateAuthorities = List.copyOf(certificateAuthorities);
    ctlogs = List.copyOf(ctlogs);
  }

  /** The log whose key id is {@code logId}, when the root has it. */
  public Optional<TransparencyLog> tlog(byte[] logId) {
    return tlogs.stream().filter(l -> java.util.Arrays.equals(l.logId(), logId)).findFirst();
  }

  public Optional<TransparencyLog> ctlog(byte[] logId) {
    return ctlogs.stream().filter(l -> java.util.Arrays.equals(l.logId(), logId)).findFirst();
  }

  /** A window of validity; {@code end} empty means open-ended. */
  public record Window(Instant start, Optional<Instant> end) {
    public boolean contains(Instant t) {
      return !t.isBefore(start) && end.map(e -> !t.isAfter(e)).orElse(true);
    }

    @Override
    public String toString() {
      return start + ".." + end.map(Instant::toString).orElse("");
    }
  }

  /**
   * A log and its key.
   *
   * @param baseUrl where the log lives (informational)
   * @param logId SHA-256 of the key's PKIX DER, checked at parse
   * @param key the public key
   * @param validFor when the key may sign
   */
  public record TransparencyLog(String baseUrl, byte[] logId, LogKey key, Window validFor) {}

  /**
   * A Fulcio CA.
   *
   * @param uri where it lives (informational)
   * @param chain its certificates, issuing CA first, root last
   * @param validFor when it may issue
   */
  public record CertificateAuthority(String uri, List<X509Certificate> chain, Window validFor) {
    public CertificateAuthority {
      chain = List.copyOf(chain);
    }

    public X509Certificate root() {
      return chain.get(chain.size() - 1);
    }
  }
}
