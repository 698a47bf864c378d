package dev.teepol.providers.tpm.abi;

import java.util.List;

/**
 * A TPMS_ATTEST of type TPM_ST_ATTEST_QUOTE (TPM 2.0 Part 2, 10.12.12), decoded. The arrays are the
 * parser's own copies and are never modified.
 *
 * @param signed the exact TPMS_ATTEST bytes the attestation key signed
 * @param qualifiedSigner TPM2B_NAME of the signing key's qualified name
 * @param extraData TPM2B_DATA: the qualifying data the caller passed (its nonce)
 * @param clock TPMS_CLOCK_INFO.clock (ms)
 * @param safe TPMS_CLOCK_INFO.safe
 * @param firmwareVersion the TPM vendor's firmware version
 * @param selections the PCR banks and PCRs quoted, one entry per bank (duplicates are refused)
 * @param pcrDigest the digest of the selected PCR values, made with the signing scheme's hash
 */
public record Quote(
    byte[] signed,
    byte[] qualifiedSigner,
    byte[] extraData,
    long clock,
    long resetCount,
    long restartCount,
    boolean safe,
    long firmwareVersion,
    List<PcrSelection> selections,
    byte[] pcrDigest) {

  /** TPM_GENERATED_VALUE: the TPM puts it in front of everything it signs itself. */
  public static final long TPM_GENERATED = 0xff544347L;

  /** TPM_ST_ATTEST_QUOTE. */
  public static final int ATTEST_QUOTE = 0x8018;

  public Quote {
    selections = List.copyOf(selections);
  }
}
