package dev.teepol.providers.tdx;

/**
 * Stable ids of the checks the DCAP provider runs (documented in docs/providers/tdx.md). Policies,
 * tests and the corpus runner refer to checks by these ids; renaming one is a breaking change.
 */
public final class TdxChecks {
  /** The quote decodes (header, body, signature data) within its own length fields. PARSE. */
  public static final String PARSE = "tdx.quote.parse";

  /** Certification data is QE-report data (type 6) wrapping a PCK chain (type 5). PARSE. */
  public static final String CERTIFICATION_DATA = "tdx.quote.certification_data";

  /** TDX: TD_ATTRIBUTES has no reserved SEC (8-27, 29) or OTHER (32-62) bit set. PARSE. */
  public static final String TD_ATTRIBUTES = "tdx.td_attributes";

  /** The attestation key signed header‖body. SIGNATURE. */
  public static final String QUOTE_SIGNATURE = "tdx.quote.signature";

  /** The PCK leaf signed the QE report. SIGNATURE. */
  public static final String QE_REPORT_SIGNATURE = "tdx.qe_report.signature";

  /** QE report data = SHA-256(attestation key ‖ QE auth data) ‖ 0^32. BINDING. */
  public static final String QE_REPORT_BINDING = "tdx.qe_report.binds_attestation_key";

  /** The PCK chain validates to the Intel SGX Root CA anchor at the injected time. CHAIN. */
  public static final String PCK_CHAIN = "tdx.pck.chain";

  /** The PCK leaf carries decodable SGX extensions (FMSPC, PCE ID, TCB SVNs). PARSE. */
  public static final String PCK_EXTENSIONS = "tdx.pck.extensions";

  /** Root CA CRL: signed by the anchor, current. COLLATERAL. */
  public static final String ROOT_CA_CRL = "tdx.collateral.root_ca_crl";

  /** PCK CRL: signed by the PCK intermediate, issuer chain to the anchor, current. COLLATERAL. */
  public static final String PCK_CRL = "tdx.collateral.pck_crl";

  /**
   * No certificate of the PCK chain or the collateral issuer chains is on its own issuer's CRL.
   * COLLATERAL.
   */
  public static final String REVOCATION = "tdx.pck.not_revoked";

  /**
   * TCB info: signed by Intel's TCB signing certificate in [TCB Signing, root], over the exact
   * signed bytes. COLLATERAL.
   */
  public static final String TCB_INFO_SIGNATURE = "tdx.collateral.tcb_info.signature";

  /** TCB info: issueDate ≤ now ≤ nextUpdate. COLLATERAL. */
  public static final String TCB_INFO_FRESH = "tdx.collateral.tcb_info.fresh";

  /**
   * QE identity: signed by Intel's TCB signing certificate in [TCB Signing, root], over the exact
   * signed bytes. COLLATERAL.
   */
  public static final String QE_IDENTITY_SIGNATURE = "tdx.collateral.qe_identity.signature";

  /** QE identity: issueDate ≤ now ≤ nextUpdate. COLLATERAL. */
  public static final String QE_IDENTITY_FRESH = "tdx.collateral.qe_identity.fresh";

  /**
   * TCB info is for this platform: FMSPC, PCE ID and TEE type match the PCK certificate/quote.
   * BINDING.
   */
  public static final String TCB_INFO_PLATFORM = "tdx.collateral.tcb_info.matches_platform";

  /**
   * The QE report matches QE identity (MRSIGNER, ISVPRODID, MISCSELECT and ATTRIBUTES under masks).
   * BINDING.
   */
  public static final String QE_IDENTITY_MATCH = "tdx.qe_identity.matches";

  /**
   * The TDX module (MRSIGNERSEAM, SEAM attributes) matches the TCB info's module identity. BINDING.
   */
  public static final String TDX_MODULE_IDENTITY = "tdx.tdx_module.identity";

  /** A platform TCB level of the TCB info matches the PCK SVNs (and TEE TCB SVN for TDX). TCB. */
  public static final String TCB_LEVEL = "tdx.tcb.level";

  /** A TCB level of the QE identity matches the QE's ISVSVN. TCB. */
  public static final String QE_TCB_LEVEL = "tdx.qe_identity.tcb_level";

  /** A TCB level of the TDX module identity matches the module SVN. TCB. */
  public static final String TDX_MODULE_TCB_LEVEL = "tdx.tdx_module.tcb_level";

  private TdxChecks() {}
}
