package dev.teepol.providers.tdx.sim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads back the pieces of a simulated quote, independently of the production parser, so the
 * simulator's tests do not depend on the code they exist to test. Test use only: no bounds
 * hardening beyond what ByteBuffer gives.
 */
record QuoteView(byte[] quote) {

  int version() {
    return u16(0);
  }

  int bodyOffset() {
    return version() == 5 ? 0x36 : 0x30;
  }

  int bodySize() {
    return version() == 5 ? (int) u32(0x32) : TdBodyType.TD10.size();
  }

  int signedLength() {
    return bodyOffset() + bodySize();
  }

  byte[] body() {
    return slice(bodyOffset(), bodySize());
  }

  long signatureDataLength() {
    return u32(signedLength());
  }

  int sigOffset() {
    return signedLength() + 4;
  }

  byte[] quoteSignature() {
    return slice(sigOffset(), 64);
  }

  byte[] attestationKey() {
    return slice(sigOffset() + 64, 64);
  }

  int certDataType() {
    return u16(sigOffset() + 128);
  }

  long certDataLength() {
    return u32(sigOffset() + 130);
  }

  int qeReportOffset() {
    return sigOffset() + 134;
  }

  byte[] qeReport() {
    return slice(qeReportOffset(), QeReport.SIZE);
  }

  byte[] qeReportSignature() {
    return slice(qeReportOffset() + QeReport.SIZE, 64);
  }

  int authDataLengthOffset() {
    return qeReportOffset() + QeReport.SIZE + 64;
  }

  byte[] authData() {
    return slice(authDataLengthOffset() + 2, u16(authDataLengthOffset()));
  }

  int innerOffset() {
    return authDataLengthOffset() + 2 + authData().length;
  }

  int innerType() {
    return u16(innerOffset());
  }

  long innerLength() {
    return u32(innerOffset() + 2);
  }

  byte[] pemChain() {
    return slice(innerOffset() + 6, (int) innerLength());
  }

  byte[] tdAttributes() {
    return slice(bodyOffset() + 0x78, 8);
  }

  byte[] mrSignerSeam() {
    return slice(bodyOffset() + 0x40, 48);
  }

  byte[] reportData() {
    return slice(bodyOffset() + 0x208, 64);
  }

  int u16(int off) {
    return ByteBuffer.wrap(quote).order(ByteOrder.LITTLE_ENDIAN).getShort(off) & 0xffff;
  }

  long u32(int off) {
    return ByteBuffer.wrap(quote).order(ByteOrder.LITTLE_ENDIAN).getInt(off) & 0xffffffffL;
  }

  byte[] slice(int off, int len) {
    return Arrays.copyOfRange(quote, off, off + len);
  }
}
