package dev.teepol.providers.tdx.abi;

import dev.teepol.core.evidence.TdAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * TD_ATTRIBUTES, a little-endian u64 in the TD report, in its three groups (Intel TDX module ABI;
 * the same split as dcap-qvl's {@code validate_attrs}): TUD, bits 7:0, "TD under debug" (bit 0
 * DEBUG, the rest reserved for debug features, so any of them means debug); SEC, bits 31:8
 * (SEPT_VE_DISABLE 28, PKS 30, KL 31, the others reserved); OTHER, bits 63:32 (PERFMON 63, the
 * others reserved).
 */
public final class TdAttributeBits {
  public static final long TUD = 0xFFL;
  public static final long SEPT_VE_DISABLE = 1L << 28;
  public static final long PKS = 1L << 30;
  public static final long KL = 1L << 31;
  public static final long PERFMON = 1L << 63;

  /** SEC bits 8-27 and 29. */
  public static final long SEC_RESERVED = 0x0FFF_FF00L | 1L << 29;

  /** OTHER bits 32-62. */
  public static final long OTHER_RESERVED = 0x7FFF_FFFF_0000_0000L;

  private TdAttributeBits() {}

  public static boolean debug(long bits) {
    return (bits & TUD) != 0;
  }

  public static TdAttributes named(long bits) {
    return new TdAttributes(
        (bits & SEPT_VE_DISABLE) != 0, (bits & PKS) != 0, (bits & KL) != 0, (bits & PERFMON) != 0);
  }

  /** The reserved SEC and OTHER bits that are set, by number (empty for a well-formed value). */
  public static List<Integer> reservedSet(long bits) {
    List<Integer> out = new ArrayList<>();
    long r = bits & (SEC_RESERVED | OTHER_RESERVED);
    for (int i = 0; i < 64; i++) {
      if ((r >>> i & 1) != 0) {
        out.add(i);
      }
    }
    return out;
  }
}
