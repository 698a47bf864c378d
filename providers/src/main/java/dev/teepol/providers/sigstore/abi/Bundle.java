package dev.teepol.providers.sigstore.abi;

import java.util.List;

/**
 * A Sigstore bundle (v0.1 to v0.3) as decoded, before anything is verified.
 *
 * @param mediaType the bundle's media type, e.g. {@code
 *     application/vnd.dev.sigstore.bundle.v0.3+json}
 * @param minorVersion 1, 2 or 3 (v0.1 requires a signed entry timestamp, v0.2 an inclusion proof,
 *     v0.3 carries the leaf certificate alone)
 * @param leaf the signing certificate (the Fulcio leaf), decoded
 * @param extraCertificates certificates a v0.1/v0.2 chain carries after the leaf; never trusted,
 *     the chain is built from the trusted root
 * @param tlogEntries the transparency log entries, in bundle order
 * @param rfc3161Timestamps how many RFC 3161 timestamps {@code timestampVerificationData} holds
 * @param content what was signed
 */
public record Bundle(
    String mediaType,
    int minorVersion,
    java.security.cert.X509Certificate leaf,
    List<byte[]> extraCertificates,
    List<TlogEntry> tlogEntries,
    int rfc3161Timestamps,
    BundleContent content) {
  public Bundle {
    extraCertificates = List.copyOf(extraCertificates);
    tlogEntries = List.copyOf(tlogEntries);
  }
}
