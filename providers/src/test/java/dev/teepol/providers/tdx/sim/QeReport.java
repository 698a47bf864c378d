package dev.teepol.providers.tdx.sim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The Quoting Enclave's 384-byte SGX report body; reserved ranges stay zero. */
public record QeReport(
    byte[] cpuSvn,
    int miscSelect,
    byte[] attributes,
    byte[] mrEnclave,
    byte[] mrSigner,
    int isvProdId,
    int isvSvn,
    byte[] reportData) {

  public static final int SIZE = 384;

  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    TdReport.put(b, cpuSvn, 16);
    b.putInt(16, miscSelect);
    b.position(48);
    TdReport.put(b, attributes, 16);
    TdReport.put(b, mrEnclave, 32);
    b.position(128);
    TdReport.put(b, mrSigner, 32);
    b.putShort(256, (short) isvProdId);
    b.putShort(258, (short) isvSvn);
    b.position(320);
    TdReport.put(b, reportData, 64);
    return b.array();
  }
}
