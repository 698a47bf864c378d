package dev.teepol.providers.tdx.sim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * Lays out and signs a TDX DCAP quote (v4, or v5 with a body descriptor) with certification data
 * type 6 (QE report) wrapping type 5 (PEM PCK chain). Every length field is computed from what
 * follows it, so a quote is only malformed when a caller asks for it.
 */
final class QuoteAssembler {
  static final int HEADER_SIZE = 48;
  static final int ATT_KEY_TYPE_ECDSA_P256 = 2;
  static final int TEE_TYPE_TDX = 0x81;
  static final int CERT_DATA_QE_REPORT = 6;
  static final int CERT_DATA_PCK_CHAIN_PEM = 5;
  static final byte[] INTEL_QE_VENDOR_ID =
      HexFormat.of().parseHex("939a7233f79c4ca9940a0db3957f0607");

  /** Everything that goes into a quote; the signatures are computed here. */
  record Parts(
      int version,
      TdBodyType bodyType,
      int qeSvn,
      int pceSvn,
      byte[] userData,
      byte[] body,
      SimKey attestationKey,
      byte[] qeReport,
      SimKey pckKey,
      byte[] qeAuthData,
      byte[] pemChain,
      boolean corruptQuoteSignature,
      boolean corruptQeReportSignature) {}

  private QuoteAssembler() {}

  static byte[] tdx(Parts p) {
    if (p.version() != 4 && p.version() != 5) {
      throw new IllegalArgumentException("TDX quotes are v4 or v5, not v" + p.version());
    }
    if (p.version() == 4 && p.bodyType() != TdBodyType.TD10) {
      throw new IllegalArgumentException("a v4 quote carries only a TD 1.0 body");
    }
    int descriptor = p.version() == 5 ? 6 : 0;
    int signedLen = HEADER_SIZE + descriptor + p.body().length;
    int certDataLen = QeReport.SIZE + 64 + 2 + p.qeAuthData().length + 2 + 4 + p.pemChain().length;
    int sigDataLen = 64 + 64 + 2 + 4 + certDataLen;
    ByteBuffer b = ByteBuffer.allocate(signedLen + 4 + sigDataLen).order(ByteOrder.LITTLE_ENDIAN);

    b.putShort((short) p.version());
    b.putShort((short) ATT_KEY_TYPE_ECDSA_P256);
    b.putInt(TEE_TYPE_TDX);
    b.putShort((short) p.qeSvn());
    b.putShort((short) p.pceSvn());
    b.put(INTEL_QE_VENDOR_ID);
    TdReport.put(b, p.userData(), 20);
    if (p.version() == 5) {
      b.putShort((short) p.bodyType().descriptorType());
      b.putInt(p.body().length);
    }
    b.put(p.body());

    byte[] quoteSig = p.attestationKey().signRaw(java.util.Arrays.copyOf(b.array(), signedLen));
    byte[] qeSig = p.pckKey().signRaw(p.qeReport());
    if (p.corruptQuoteSignature()) {
      quoteSig[63] ^= 0x01;
    }
    if (p.corruptQeReportSignature()) {
      qeSig[63] ^= 0x01;
    }

    b.putInt(sigDataLen);
    b.put(quoteSig);
    b.put(p.attestationKey().rawPublicKey());
    b.putShort((short) CERT_DATA_QE_REPORT);
    b.putInt(certDataLen);
    b.put(p.qeReport());
    b.put(qeSig);
    b.putShort((short) p.qeAuthData().length);
    b.put(p.qeAuthData());
    b.putShort((short) CERT_DATA_PCK_CHAIN_PEM);
    b.putInt(p.pemChain().length);
    b.put(p.pemChain());
    if (b.hasRemaining()) {
      throw new IllegalStateException("quote layout left " + b.remaining() + " bytes unwritten");
    }
    return b.array();
  }
}
