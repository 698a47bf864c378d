package dev.teepol.providers.tdx.sim;

/**
 * One precise defect in otherwise valid evidence. Each value changes exactly one thing, so a
 * verifier that rejects it is known to reject for that reason and no other.
 */
public enum Breakage {
  /** One bit of the attestation key's quote signature flipped. */
  QUOTE_BAD_SIGNATURE(Where.QUOTE),
  /** One bit of the PCK key's QE report signature flipped. */
  QE_REPORT_BAD_SIGNATURE(Where.QUOTE),
  /** QE report data hashes a different attestation key (still signed by the PCK key). */
  QE_REPORT_NOT_BINDING_ATT_KEY(Where.QUOTE),
  /**
   * QE report data starts with the right SHA-256 but its upper 32 bytes are not zero (still signed
   * by the PCK key).
   */
  QE_REPORT_DATA_UPPER_HALF_SET(Where.QUOTE),
  /** The PCK chain in the quote ends at another root with the same names but different keys. */
  PCK_CHAIN_UNTRUSTED_ROOT(Where.QUOTE),
  /** The PCK CRL lists the PCK leaf. */
  PCK_REVOKED(Where.COLLATERAL),
  /** The root CA CRL lists the PCK Platform CA. */
  INTERMEDIATE_REVOKED(Where.COLLATERAL),
  /** One bit of the PCK CRL's signature flipped. */
  PCK_CRL_BAD_SIGNATURE(Where.COLLATERAL),
  /** One bit of the root CA CRL's signature flipped. */
  ROOT_CA_CRL_BAD_SIGNATURE(Where.COLLATERAL),
  /** The PCK CRL's nextUpdate is before the verification instant. */
  PCK_CRL_EXPIRED(Where.COLLATERAL),
  /** One bit of the TCB info signature flipped. */
  TCB_INFO_BAD_SIGNATURE(Where.COLLATERAL),
  /** The TCB info's nextUpdate is before the verification instant. */
  TCB_INFO_EXPIRED(Where.COLLATERAL),
  /** One bit of the QE identity signature flipped. */
  QE_IDENTITY_BAD_SIGNATURE(Where.COLLATERAL),
  /** The QE identity's nextUpdate is before the verification instant. */
  QE_IDENTITY_EXPIRED(Where.COLLATERAL),
  /** Validly signed TCB info, but for another FMSPC than the PCK certificate's. */
  WRONG_FMSPC(Where.COLLATERAL),
  /** The QE report's MRSIGNER is not the QE identity's. */
  QE_MRSIGNER_MISMATCH(Where.QUOTE),
  /** The QE report's MISCSELECT differs from the QE identity's under its mask. */
  QE_MISCSELECT_MISMATCH(Where.QUOTE),
  /** The platform's SVNs (PCK certificate) only reach an OutOfDate TCB level. */
  TCB_OUT_OF_DATE(Where.QUOTE),
  /** The TD report's MRSIGNERSEAM is not the TDX module identity's. */
  TDX_MODULE_MRSIGNER_MISMATCH(Where.QUOTE),
  /** TDATTRIBUTES.DEBUG is set. */
  DEBUG_TD(Where.QUOTE);

  /** Which artefact the defect is in: the quote, or the collateral the verifier fetches. */
  public enum Where {
    QUOTE,
    COLLATERAL
  }

  private final Where where;

  Breakage(Where where) {
    this.where = where;
  }

  public Where where() {
    return where;
  }

  /** Directory-friendly name, e.g. {@code quote-bad-signature}. */
  public String slug() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
