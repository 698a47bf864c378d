package dev.teepol.kms.ratls;

/**
 * The X.509 extensions dstack's KMS and guest agent put in RA-TLS certificates ({@code
 * dstack/ra-tls/src/oids.rs}). Each extension value is a DER OCTET STRING around the content.
 */
final class RatlsOids {
  /** The raw TDX quote whose report_data binds the certificate's key. */
  static final String TDX_QUOTE = "1.3.6.1.4.1.62397.1.1";

  /** The event log as JSON (optionally {@code ELGZv1} + gzip). */
  static final String EVENT_LOG = "1.3.6.1.4.1.62397.1.2";

  /** The 20-byte app id the KMS issued the certificate for. */
  static final String APP_ID = "1.3.6.1.4.1.62397.1.3";

  /** A usage string ({@code app:ca}, {@code app:custom}, ...). */
  static final String CERT_USAGE = "1.3.6.1.4.1.62397.1.4";

  /**
   * A SCALE {@code VersionedAttestation} (non-TDX platforms): recognised, so such a certificate is
   * refused with a reason instead of read as one without a quote.
   */
  static final String ATTESTATION = "1.3.6.1.4.1.62397.1.8";

  private RatlsOids() {}
}
