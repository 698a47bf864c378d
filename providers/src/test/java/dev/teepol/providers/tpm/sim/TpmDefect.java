package dev.teepol.providers.tpm.sim;

import dev.teepol.providers.tpm.TpmChecks;

/**
 * One defect at a time in otherwise genuine simulated TPM evidence, each named after the one check
 * it must fail (and only that one).
 */
public enum TpmDefect {
  /** A byte of one quote's signature flipped. */
  QUOTE_BAD_SIGNATURE(TpmChecks.QUOTE_SIGNATURE),
  /** One quote signed by another key than the ak_pub the evidence names. */
  SIGNED_BY_ANOTHER_KEY(TpmChecks.QUOTE_SIGNATURE),
  /** A PCR value given with one quote changed: its PCR digest no longer matches. */
  PCR_VALUE_TAMPERED(TpmChecks.QUOTE_PCR_DIGEST),
  /** The quote answers another challenge. */
  OTHER_NONCE(TpmChecks.QUOTE_NONCE),
  /** The AK certificate certifies another key. */
  AK_CERT_FOR_ANOTHER_KEY(TpmChecks.AK_TRUST),
  /** The AK certificate is issued by a CA the verifier does not trust. */
  AK_CERT_UNTRUSTED_CA(TpmChecks.AK_TRUST),
  /** The AK certificate expired before the verification time. */
  AK_CERT_EXPIRED(TpmChecks.AK_TRUST),
  /** The "AK" is not restricted: it could sign a forged quote. */
  AK_NOT_RESTRICTED(TpmChecks.AK_ATTRIBUTES),
  /** One attest structure is not a quote (TPM_ST_ATTEST_CERTIFY), signed all the same. */
  NOT_A_QUOTE(TpmChecks.QUOTE_PARSE),
  /** A PCR bank selected twice in one quote (dstack #1267), signed all the same. */
  DUPLICATE_BANK_SELECTION(TpmChecks.QUOTE_PARSE),
  /** A second quote from another boot (reset count). */
  QUOTES_FROM_TWO_BOOTS(TpmChecks.QUOTE_SAME_BOOT),
  /** SecureBoot's data says 0 while the digest extended was of 1. */
  EVENT_DATA_TAMPERED(TpmChecks.EVENT_LOG_DATA),
  /** A PCR 7 separator relabelled EV_EFI_ACTION (same digest). */
  SEPARATOR_RELABELLED(TpmChecks.EVENT_LOG_DATA),
  /** A second separator in PCR 7. */
  SEPARATOR_TWICE(TpmChecks.EVENT_LOG_DATA),
  /** A separator in PCR 4 holding other data than 00000000/ffffffff. */
  SEPARATOR_INVALID(TpmChecks.EVENT_LOG_DATA),
  /** A Secure Boot variable measured after the PCR 7 separator. */
  VARIABLE_AFTER_SEPARATOR(TpmChecks.EVENT_LOG_DATA),
  /** A GRUB command whose data was edited (digest kept). */
  GRUB_COMMAND_EDITED(TpmChecks.EVENT_LOG_DATA),
  /** The shim image event removed from the log (PCR 4 no longer replays). */
  EVENT_REMOVED(TpmChecks.EVENT_LOG_REPLAY),
  /** The log read after the quote: one more PCR 8 event than the quote covers. */
  EVENT_AFTER_QUOTE(TpmChecks.EVENT_LOG_REPLAY),
  /** PCR 2's only event (its separator) dropped: a firmware PCR with a value and no events. */
  FIRMWARE_PCR_WITHOUT_EVENTS(TpmChecks.EVENT_LOG_REPLAY),
  /** The COS image digest edited in the canonical event log (digests kept). */
  COS_EVENT_EDITED(TpmChecks.CEL_REPLAY);

  private final String check;

  TpmDefect(String check) {
    this.check = check;
  }

  /** The one check this defect must fail. */
  public String check() {
    return check;
  }

  /** kebab-case, for directory names. */
  public String slug() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
