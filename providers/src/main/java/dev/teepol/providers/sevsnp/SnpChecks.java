package dev.teepol.providers.sevsnp;

/**
 * Stable ids of the checks the SEV-SNP provider runs (docs/providers/sevsnp.md). Policies, tests
 * and the corpus runner refer to checks by these ids; renaming one is a breaking change.
 */
public final class SnpChecks {
  /**
   * The report decodes: 0x4A0 bytes, version 2–5, reserved regions zero, ECDSA P-384, nothing but
   * the signature after the signed part. PARSE.
   */
  public static final String PARSE = "sev-snp.report.parse";

  /**
   * The VCEK or VLEK SIGNER_INFO names signed bytes 0x000–0x29F (ECDSA P-384, SHA-384, R and S
   * little-endian). SIGNATURE.
   */
  public static final String SIGNATURE = "sev-snp.report.signature";

  /**
   * VCEK → ASK → ARK (VLEK → ASVK → ARK) of the report's product validates to the pinned ARK at the
   * injected time; names, key types and RSASSA-PSS/SHA-384 signatures are AMD's; every supplied
   * certificate verifies. CHAIN.
   */
  public static final String CHAIN = "sev-snp.chain";

  /** The VCEK/VLEK TCB extensions equal REPORTED_TCB in the product's layout. BINDING. */
  public static final String VCEK_TCB = "sev-snp.vcek.tcb";

  /**
   * The VCEK's hwID equals CHIP_ID (Turin: the 8-byte prefix, the rest zero); passes for a VLEK
   * (issued per cloud provider) and for a masked CHIP_ID. BINDING.
   */
  public static final String VCEK_CHIP_ID = "sev-snp.vcek.chip_id";

  /**
   * The CRL supplied or fetched for the product is signed by its ARK, current, and lists neither
   * the intermediate nor the leaf. COLLATERAL. Only present when a CRL was available.
   */
  public static final String CRL = "sev-snp.crl";

  /** Only when a nonce is supplied: REPORT_DATA equals it zero-padded to 64 bytes. BINDING. */
  public static final String NONCE = "sev-snp.report_data.nonce";

  /** dstack SCALE container: the container decodes (SCALE V0, SNP variant). PARSE. */
  public static final String DSTACK_PARSE = "sev-snp.dstack.parse";

  /** dstack: the container's report_data equals the report's REPORT_DATA. BINDING. */
  public static final String DSTACK_REPORT_DATA = "sev-snp.dstack.report_data";

  /**
   * dstack: HOST_DATA = SHA-256("dstack-mr-config-v3:" ‖ 0x00 ‖ mr_config), and the document's
   * identity fields decode. BINDING.
   */
  public static final String DSTACK_MR_CONFIG = "sev-snp.dstack.mr_config";

  /** dstack: only when a nonce is supplied: report_data carries it (raw or app-data tagged). */
  public static final String DSTACK_NONCE = "sev-snp.dstack.nonce";

  private SnpChecks() {}
}
