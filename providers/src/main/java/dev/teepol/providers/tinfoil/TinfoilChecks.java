package dev.teepol.providers.tinfoil;

/** The Tinfoil provider's own check ids (docs/providers/tinfoil.md). */
public final class TinfoilChecks {
  /** The attestation document decodes (v2 or v3, TDX or SEV-SNP). PARSE. */
  public static final String PARSE = "tinfoil.document.parse";

  /** v3: report_data[0:32] = SHA-256(tls_key_fp ‖ hpke_key ‖ nonce), [32:64] zero. BINDING. */
  public static final String KEYS = "tinfoil.report_data.keys";

  /** Only with a supplied nonce: the document binds it (v3); a v2 document binds none. BINDING. */
  public static final String NONCE = "tinfoil.report_data.nonce";

  /** A verified deployment release signed by a pinned identity came with the evidence. BINDING. */
  public static final String DEPLOYMENT = "tinfoil.release.deployment";

  /** SEV-SNP: MEASUREMENT equals the deployment release's snp_measurement. BINDING. */
  public static final String SNP_MEASUREMENT = "tinfoil.registers.snp_measurement";

  /** TDX: RTMR1 and RTMR2 equal the deployment release's. BINDING. */
  public static final String TDX_RTMR12 = "tinfoil.registers.rtmr1_rtmr2";

  /** TDX: (MRTD, RTMR0) equal one profile of a verified hardware-measurements release. BINDING. */
  public static final String TDX_PROFILE = "tinfoil.registers.hardware_profile";

  /** TDX: RTMR3 is all zero (Tinfoil extends nothing at run time). BINDING. */
  public static final String TDX_RTMR3 = "tinfoil.registers.rtmr3_zero";

  private TinfoilChecks() {}
}
