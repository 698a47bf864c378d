package dev.teepol.providers.near;

import dev.teepol.core.crypto.Digests;
import java.util.Arrays;

/**
 * NEAR's report_data layout (nearai private-ml-sdk {@code _build_report_data}, cloud-api): the
 * first 32 bytes commit to the signing key, the last 32 are the caller's nonce.
 */
final class ReportDataBinding {
  private ReportDataBinding() {}

  /**
   * Which form the first half takes: NEAR switches to the hash as soon as a TLS fingerprint is
   * published.
   */
  public enum Form {
    /** The address or key, right-padded with zeros. */
    PADDED_KEY("signing address right-padded"),
    /** SHA-256(address bytes ‖ TLS fingerprint bytes). */
    KEY_AND_TLS_FINGERPRINT("SHA-256(signing address ‖ TLS fingerprint)");

    private final String description;

    Form(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  public static Form formOf(NodeSigner signer) {
    return signer.tlsFingerprint().isPresent() ? Form.KEY_AND_TLS_FINGERPRINT : Form.PADDED_KEY;
  }

  /** The 32 bytes report_data must start with for this signer. */
  public static byte[] expectedFirstHalf(NodeSigner signer) {
    return switch (formOf(signer)) {
      case PADDED_KEY -> Arrays.copyOf(signer.key(), 32);
      case KEY_AND_TLS_FINGERPRINT ->
          Digests.sha256(signer.key(), signer.tlsFingerprint().orElseThrow());
    };
  }

  public static byte[] firstHalf(byte[] reportData) {
    return Arrays.copyOfRange(reportData, 0, 32);
  }

  public static byte[] secondHalf(byte[] reportData) {
    return Arrays.copyOfRange(reportData, 32, 64);
  }
}
