package dev.teepol.providers.tdx.abi;

import dev.teepol.core.bytes.Hex;
import java.util.Optional;

/**
 * A decoded Intel DCAP quote (v3 SGX, v4 TDX, v5 SGX/TDX). Holds the original bytes and the
 * offsets of every part; nothing is copied at parse time, values are hex-encoded on demand.
 *
 * @param signedLength bytes covered by the attestation-key signature (header, v5 descriptor, body)
 * @param certDataType outer certification data type (6 = QE report data for v4/v5; for v3 the QE
 *     report is inline and this is the inner type)
 * @param qe present when the certification data carries a QE report (v3 always, v4/v5 type 6)
 * @param trailingBytes bytes after the signature data, which the signature does not cover
 */
public record Quote(
    byte[] raw,
    int version,
    int attestationKeyType,
    long teeType,
    BodyKind bodyKind,
    int bodyOffset,
    int signedLength,
    int signatureOffset,
    int attestationKeyOffset,
    int certDataType,
    Optional<QeCertification> qe,
    int trailingBytes) {

  public static final int HEADER_LENGTH = 48;
  public static final long TEE_TYPE_SGX = 0x00;
  public static final long TEE_TYPE_TDX = 0x81;
  public static final String INTEL_QE_VENDOR_ID = "939a7233f79c4ca9940a0db3957f0607";

  public boolean isTdx() {
    return bodyKind.isTd();
  }

  public int qeSvn() {
    return u16(0x08);
  }

  public int pceSvn() {
    return u16(0x0A);
  }

  public String qeVendorId() {
    return Hex.of(raw, 0x0C, 16);
  }

  public String userData() {
    return Hex.of(raw, 0x1C, 20);
  }

  /** Hex of {@code len} bytes at {@code off} within the body. */
  public String bodyHex(int off, int len) {
    return Hex.of(raw, bodyOffset + off, len);
  }

  public byte bodyByte(int off) {
    return raw[bodyOffset + off];
  }

  private int u16(int at) {
    return (raw[at] & 0xff) | (raw[at + 1] & 0xff) << 8;
  }
}
