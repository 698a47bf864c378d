package dev.teepol.providers.tinfoil.abi;

/**
 * A Tinfoil attestation document ({@code /.well-known/tinfoil-attestation}), decoded.
 *
 * @param format the document's predicate URI
 * @param platform which TEE produced {@code hardware}
 * @param hardware the raw TDX quote or SEV-SNP report
 * @param keys how the enclave's keys are bound into report_data
 */
public record TinfoilDocument(String format, Platform platform, byte[] hardware, KeyBinding keys) {
  public static final String TDX_V2 = "https://tinfoil.sh/predicate/tdx-guest/v2";
  public static final String SNP_V2 = "https://tinfoil.sh/predicate/sev-snp-guest/v2";
  public static final String V3 = "https://tinfoil.sh/predicate/attestation/v3";

  /** The TEEs Tinfoil runs on. */
  public enum Platform {
    TDX,
    SEV_SNP
  }

  /** How the TLS key fingerprint and HPKE key are tied to report_data. */
  public sealed interface KeyBinding permits KeyBinding.InReportData, KeyBinding.Hashed {

    /** v2: report_data[0:32] is the TLS key fingerprint and [32:64] the HPKE public key. */
    record InReportData() implements KeyBinding {}

    /**
     * v3: report_data[0:32] = SHA-256(tls_key_fp ‖ hpke_key ‖ nonce) and [32:64] is zero (no GPU
     * evidence), with the three values given beside the report.
     */
    record Hashed(byte[] tlsKeyFingerprint, byte[] hpkeKey, byte[] nonce) implements KeyBinding {}
  }
}
