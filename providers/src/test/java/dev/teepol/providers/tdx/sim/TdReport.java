package dev.teepol.providers.tdx.sim;

import java.nio.ByteBuffer;

/**
 * The fields of a TD report body, encoded per the Intel TDX DCAP quote layout. The TD 1.5 fields
 * are written only for {@link TdBodyType#TD15}.
 */
public record TdReport(
    byte[] teeTcbSvn,
    byte[] mrSeam,
    byte[] mrSignerSeam,
    byte[] seamAttributes,
    byte[] tdAttributes,
    byte[] xfam,
    byte[] mrTd,
    byte[] mrConfigId,
    byte[] mrOwner,
    byte[] mrOwnerConfig,
    byte[] rtmr0,
    byte[] rtmr1,
    byte[] rtmr2,
    byte[] rtmr3,
    byte[] reportData,
    byte[] teeTcbSvn2,
    byte[] mrServiceTd) {

  /** TDATTRIBUTES bit 0: the TD runs in debug mode and its memory is readable by the host. */
  public static final int DEBUG_BIT = 0x01;

  public byte[] encode(TdBodyType type) {
    ByteBuffer b = ByteBuffer.allocate(type.size());
    put(b, teeTcbSvn, 16);
    put(b, mrSeam, 48);
    put(b, mrSignerSeam, 48);
    put(b, seamAttributes, 8);
    put(b, tdAttributes, 8);
    put(b, xfam, 8);
    put(b, mrTd, 48);
    put(b, mrConfigId, 48);
    put(b, mrOwner, 48);
    put(b, mrOwnerConfig, 48);
    put(b, rtmr0, 48);
    put(b, rtmr1, 48);
    put(b, rtmr2, 48);
    put(b, rtmr3, 48);
    put(b, reportData, 64);
    if (type == TdBodyType.TD15) {
      put(b, teeTcbSvn2, 16);
      put(b, mrServiceTd, 48);
    }
    return b.array();
  }

  static void put(ByteBuffer b, byte[] field, int size) {
    if (field.length != size) {
      throw new IllegalArgumentException("field must be " + size + " bytes, got " + field.length);
    }
    b.put(field);
  }
}
