package dev.teepol.providers.tdx.abi;

import dev.teepol.core.bytes.ByteReader;
import java.util.Arrays;

/**
 * A 384-byte SGX enclave report (the body of an SGX quote, and the quoting enclave's report in
 * every quote), read in place: every accessor returns a fresh copy. Offsets never leave this class.
 */
public final class EnclaveReport implements ReportBody {
  private static final int CPU_SVN = 0;
  private static final int MISC_SELECT = 16;
  private static final int ATTRIBUTES = 48;
  private static final int MR_ENCLAVE = 64;
  private static final int MR_SIGNER = 128;
  private static final int ISV_PROD_ID = 256;
  private static final int ISV_SVN = 258;
  private static final int REPORT_DATA = 320;

  /** ATTRIBUTES.FLAGS bit 1: the enclave is debuggable. */
  private static final int ATTRIBUTES_DEBUG_BIT = 0x02;

  public static final int LENGTH = 384;

  private final byte[] raw;
  private final int at;

  /** A view of the {@link #LENGTH} bytes at {@code at}; the parser has checked they exist. */
  EnclaveReport(byte[] raw, int at) {
    this.raw = raw;
    this.at = at;
  }

  @Override
  public BodyKind kind() {
    return BodyKind.SGX;
  }

  private byte[] field(int off, int len) {
    return Arrays.copyOfRange(raw, at + off, at + off + len);
  }

  public byte[] cpuSvn() {
    return field(CPU_SVN, 16);
  }

  /** MISCSELECT as the report stores it (little-endian); {@link #miscSelectBits()} is its value. */
  public byte[] miscSelect() {
    return field(MISC_SELECT, 4);
  }

  public long miscSelectBits() {
    return ByteReader.u32le(raw, at + MISC_SELECT);
  }

  public byte[] attributes() {
    return field(ATTRIBUTES, 16);
  }

  public byte[] mrEnclave() {
    return field(MR_ENCLAVE, 32);
  }

  public byte[] mrSigner() {
    return field(MR_SIGNER, 32);
  }

  public int isvProdId() {
    return ByteReader.u16le(raw, at + ISV_PROD_ID);
  }

  public int isvSvn() {
    return ByteReader.u16le(raw, at + ISV_SVN);
  }

  @Override
  public byte[] reportData() {
    return field(REPORT_DATA, 64);
  }

  @Override
  public boolean debug() {
    return (raw[at + ATTRIBUTES] & ATTRIBUTES_DEBUG_BIT) != 0;
  }

  @Override
  public byte[] bytes() {
    return field(0, LENGTH);
  }
}
