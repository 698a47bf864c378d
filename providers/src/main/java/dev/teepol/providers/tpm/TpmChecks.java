package dev.teepol.providers.tpm;

/**
 * Stable ids of the checks the TPM provider runs (documented in docs/providers/tpm.md). Policies,
 * tests and the corpus runner refer to checks by these ids; renaming one is a breaking change.
 */
public final class TpmChecks {
  /**
   * The container decodes: a go-tpm-tools Attestation protobuf, a go-attestation JSON dump or a
   * bare crypto-agile event log, every field known, nothing given twice. PARSE.
   */
  public static final String PARSE = "tpm.evidence.parse";

  /** The attestation key's TPMT_PUBLIC decodes to an RSA-2048+ or P-256/P-384 key. PARSE. */
  public static final String AK_PARSE = "tpm.ak.parse";

  /**
   * The AK is a restricted signing key generated in and bound to its TPM (fixedTPM,
   * sensitiveDataOrigin, restricted, sign), so it cannot have signed a forged TPMS_ATTEST. BINDING.
   */
  public static final String AK_ATTRIBUTES = "tpm.ak.attributes";

  /**
   * The AK is a TPM's: its certificate chains to a tpm-ak-root anchor at the injected time, or the
   * operator pinned it. UNEVALUABLE with neither; FAIL when a supplied certificate does not verify.
   * CHAIN.
   */
  public static final String AK_TRUST = "tpm.ak.trust";

  /**
   * Every quote is a TPMS_ATTEST of type ATTEST_QUOTE with TPM_GENERATED magic, bounded lengths and
   * no bank selected twice; one quote per bank; FAIL when the evidence has no quote. PARSE.
   */
  public static final String QUOTE_PARSE = "tpm.quote.parse";

  /** The AK signed every quote (RSASSA, RSA-PSS or ECDSA, with the AK's own scheme). SIGNATURE. */
  public static final String QUOTE_SIGNATURE = "tpm.quote.signature";

  /**
   * Each quote's pcrDigest is the hash of exactly the selected PCR values given with it. BINDING.
   */
  public static final String QUOTE_PCR_DIGEST = "tpm.quote.pcr_digest";

  /**
   * All quotes come from one boot: the same reset and restart counts, qualified signer, firmware
   * and qualifying data. BINDING.
   */
  public static final String QUOTE_SAME_BOOT = "tpm.quote.same_boot";

  /**
   * Only with a supplied nonce: every quote's extraData equals it (constant time; an empty nonce is
   * a value too). BINDING.
   */
  public static final String QUOTE_NONCE = "tpm.quote.nonce";

  /** The TCG event log decodes (Spec ID header validated, bounded). PARSE. */
  public static final String EVENT_LOG_PARSE = "tpm.event_log.parse";

  /**
   * Event data agrees with the digests: for the types whose digest is the hash of their data it is;
   * separators, PCR 7 and PCR 8 follow the rules of docs/providers/tpm.md. BINDING.
   */
  public static final String EVENT_LOG_DATA = "tpm.event_log.event_data";

  /**
   * The log replays to every verified quote's PCRs, bank by bank; no firmware PCR (0-9) holds a
   * value without events; no events after the quote. BINDING.
   */
  public static final String EVENT_LOG_REPLAY = "tpm.event_log.replay";

  /** The canonical event log (COS / Confidential Space launcher) decodes. PARSE. */
  public static final String CEL_PARSE = "tpm.cel.parse";

  /**
   * The canonical event log replays to the quoted PCR 13, each record's content hashes to its
   * digests and every COS event is known and before the launch separator. BINDING.
   */
  public static final String CEL_REPLAY = "tpm.cel.replay";

  private TpmChecks() {}
}
