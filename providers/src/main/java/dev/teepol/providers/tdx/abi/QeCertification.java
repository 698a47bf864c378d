package dev.teepol.providers.tdx.abi;

/**
 * The quoting enclave's part of the signature data: its report, the PCK's signature over that
 * report, the QE authentication data and the inner certification data (type 5 = PEM PCK chain).
 * Offsets point into {@link Quote#raw()}.
 */
public record QeCertification(
    int qeReportOffset,
    int qeReportSignatureOffset,
    int authDataOffset,
    int authDataLength,
    int certDataType,
    int certDataOffset,
    int certDataLength) {

  public static final int QE_REPORT_LENGTH = 384;
  public static final int SIGNATURE_LENGTH = 64;
}
