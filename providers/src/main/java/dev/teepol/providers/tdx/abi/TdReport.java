package dev.teepol.providers.tdx.abi;

import dev.teepol.core.bytes.ByteReader;
import java.util.Arrays;
import java.util.Optional;

/**
 * The TD report body of a TDX quote (Intel TDX DCAP Appendix 3), read in place from the quote's
 * bytes: every accessor returns a fresh copy of its field, so nothing a caller does reaches the
 * quote. Field offsets are relative to the body start and never leave this class.
 */
public final class TdReport implements ReportBody {
  private static final int TEE_TCB_SVN = 0x000;
  private static final int MR_SEAM = 0x010;
  private static final int MR_SIGNER_SEAM = 0x040;
  private static final int SEAM_ATTRIBUTES = 0x070;
  private static final int TD_ATTRIBUTES = 0x078;
  private static final int XFAM = 0x080;
  private static final int MR_TD = 0x088;
  private static final int MR_CONFIG_ID = 0x0B8;
  private static final int MR_OWNER = 0x0E8;
  private static final int MR_OWNER_CONFIG = 0x118;
  private static final int RTMR0 = 0x148;
  private static final int REPORT_DATA = 0x208;

  /** TD 1.5 only. */
  private static final int TEE_TCB_SVN2 = 0x248;

  /** TD 1.5 only. */
  private static final int MR_SERVICE_TD = 0x258;

  /** Length of every measurement register (MRTD, RTMRs, MRSEAM, MRCONFIGID, ...): a SHA-384. */
  public static final int MR_LENGTH = 48;

  public static final int TEE_TCB_SVN_LENGTH = 16;
  public static final int RTMR_COUNT = 4;

  private final byte[] raw;
  private final int at;
  private final BodyKind kind;

  /** A view of the {@code kind.length} bytes at {@code at}; the parser has checked they exist. */
  TdReport(byte[] raw, int at, BodyKind kind) {
    if (!kind.isTd()) {
      throw new IllegalArgumentException(kind + " is not a TD report");
    }
    this.raw = raw;
    this.at = at;
    this.kind = kind;
  }

  @Override
  public BodyKind kind() {
    return kind;
  }

  private byte[] field(int off, int len) {
    return Arrays.copyOfRange(raw, at + off, at + off + len);
  }

  /** TEE_TCB_SVN: the TDX module's SVN (byte 0), its major version (byte 1), and the rest. */
  public byte[] teeTcbSvn() {
    return field(TEE_TCB_SVN, TEE_TCB_SVN_LENGTH);
  }

  public byte[] mrSeam() {
    return field(MR_SEAM, MR_LENGTH);
  }

  public byte[] mrSignerSeam() {
    return field(MR_SIGNER_SEAM, MR_LENGTH);
  }

  public byte[] seamAttributes() {
    return field(SEAM_ATTRIBUTES, 8);
  }

  /**
   * TD_ATTRIBUTES as the report stores it (little-endian); {@link #tdAttributeBits()} is its value.
   */
  public byte[] tdAttributes() {
    return field(TD_ATTRIBUTES, 8);
  }

  /** The 64-bit value of TD_ATTRIBUTES, bit 0 = DEBUG (see {@link TdAttributeBits}). */
  public long tdAttributeBits() {
    return ByteReader.u64le(raw, at + TD_ATTRIBUTES);
  }

  public byte[] xfam() {
    return field(XFAM, 8);
  }

  public byte[] mrTd() {
    return field(MR_TD, MR_LENGTH);
  }

  public byte[] mrConfigId() {
    return field(MR_CONFIG_ID, MR_LENGTH);
  }

  public byte[] mrOwner() {
    return field(MR_OWNER, MR_LENGTH);
  }

  public byte[] mrOwnerConfig() {
    return field(MR_OWNER_CONFIG, MR_LENGTH);
  }

  /** RTMR{@code i}, i in 0..3. */
  public byte[] rtmr(int i) {
    if (i < 0 || i >= RTMR_COUNT) {
      throw new IndexOutOfBoundsException("RTMR" + i + " does not exist (0..3)");
    }
    return field(RTMR0 + i * MR_LENGTH, MR_LENGTH);
  }

  @Override
  public byte[] reportData() {
    return field(REPORT_DATA, 64);
  }

  /** TEE_TCB_SVN2, present in TD 1.5 reports only. */
  public Optional<byte[]> teeTcbSvn2() {
    return kind == BodyKind.TD15
        ? Optional.of(field(TEE_TCB_SVN2, TEE_TCB_SVN_LENGTH))
        : Optional.empty();
  }

  /** MRSERVICETD, present in TD 1.5 reports only. */
  public Optional<byte[]> mrServiceTd() {
    return kind == BodyKind.TD15 ? Optional.of(field(MR_SERVICE_TD, MR_LENGTH)) : Optional.empty();
  }

  /** Any bit of the TUD group is a debug feature. */
  @Override
  public boolean debug() {
    return TdAttributeBits.debug(tdAttributeBits());
  }

  @Override
  public byte[] bytes() {
    return field(0, kind.length);
  }
}
