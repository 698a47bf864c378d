package dev.teepol.providers.tdx.abi;

/** Offsets within a 384-byte SGX enclave report body (the QE report and SGX quote bodies). */
public final class EnclaveReport {
  public static final int CPU_SVN = 0;
  public static final int MISC_SELECT = 16;
  public static final int ATTRIBUTES = 48;
  public static final int MR_ENCLAVE = 64;
  public static final int MR_SIGNER = 128;
  public static final int ISV_PROD_ID = 256;
  public static final int ISV_SVN = 258;
  public static final int REPORT_DATA = 320;
  /** ATTRIBUTES.FLAGS bit 1: the enclave is debuggable. */
  public static final int ATTRIBUTES_DEBUG_BIT = 0x02;

  private EnclaveReport() {}

  public static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  public static long u32(byte[] b, int at) {
    return Integer.toUnsignedLong((b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24);
  }
}
