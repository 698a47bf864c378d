package dev.teepol.providers.tdx.abi;

/** Offsets of the TD report body fields, relative to the body start (Intel TDX DCAP Appendix 3). */
public final class TdReport {
  public static final int TEE_TCB_SVN = 0x000;
  public static final int MR_SEAM = 0x010;
  public static final int MR_SIGNER_SEAM = 0x040;
  public static final int SEAM_ATTRIBUTES = 0x070;
  public static final int TD_ATTRIBUTES = 0x078;
  public static final int XFAM = 0x080;
  public static final int MR_TD = 0x088;
  public static final int MR_CONFIG_ID = 0x0B8;
  public static final int MR_OWNER = 0x0E8;
  public static final int MR_OWNER_CONFIG = 0x118;
  public static final int RTMR0 = 0x148;
  public static final int REPORT_DATA = 0x208;
  /** TD 1.5 only. */
  public static final int TEE_TCB_SVN2 = 0x248;
  /** TD 1.5 only. */
  public static final int MR_SERVICE_TD = 0x258;

  public static final int MR_LENGTH = 48;

  private TdReport() {}

  public static int rtmr(int i) {
    return RTMR0 + i * MR_LENGTH;
  }
}
