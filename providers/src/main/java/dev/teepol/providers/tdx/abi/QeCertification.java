package dev.teepol.providers.tdx.abi;

import java.util.Arrays;

/**
 * The quoting enclave's part of the signature data: its report, the PCK's signature over that
 * report, the QE authentication data and the inner certification data (type 5 = PEM PCK chain).
 * Read in place from the quote; accessors return copies.
 */
public final class QeCertification {
  public static final int SIGNATURE_LENGTH = 64;

  private final byte[] raw;
  private final int reportOffset;
  private final int reportSignatureOffset;
  private final int authDataOffset;
  private final int authDataLength;
  private final int certDataType;
  private final int certDataOffset;
  private final int certDataLength;

  QeCertification(
      byte[] raw,
      int reportOffset,
      int reportSignatureOffset,
      int authDataOffset,
      int authDataLength,
      int certDataType,
      int certDataOffset,
      int certDataLength) {
    this.raw = raw;
    this.reportOffset = reportOffset;
    this.reportSignatureOffset = reportSignatureOffset;
    this.authDataOffset = authDataOffset;
    this.authDataLength = authDataLength;
    this.certDataType = certDataType;
    this.certDataOffset = certDataOffset;
    this.certDataLength = certDataLength;
  }

  /** The QE's report; {@link EnclaveReport#bytes()} is what the PCK signed. */
  public EnclaveReport report() {
    return new EnclaveReport(raw, reportOffset);
  }

  /** The PCK's raw r‖s signature over the QE report. */
  public byte[] reportSignature() {
    return Arrays.copyOfRange(raw, reportSignatureOffset, reportSignatureOffset + SIGNATURE_LENGTH);
  }

  /** QE authentication data, hashed with the attestation key into the QE report data. */
  public byte[] authData() {
    return Arrays.copyOfRange(raw, authDataOffset, authDataOffset + authDataLength);
  }

  /** The inner certification data type (5 = PEM PCK certificate chain). */
  public int certDataType() {
    return certDataType;
  }

  public byte[] certData() {
    return Arrays.copyOfRange(raw, certDataOffset, certDataOffset + certDataLength);
  }

  /** Where the inner certification data starts in the quote, for messages that point at it. */
  public int certDataOffset() {
    return certDataOffset;
  }
}
