package dev.teepol.providers.tdx.abi;

import dev.teepol.core.bytes.ByteReader;
import dev.teepol.core.bytes.Hex;
import java.util.Arrays;
import java.util.Optional;

/**
 * A decoded Intel DCAP quote (v3 SGX, v4 TDX, v5 SGX/TDX): typed accessors over the original bytes,
 * which are not copied at parse time. Each accessor copies only its own field, so the 5 KB quote is
 * never duplicated and nothing a caller does to a returned array reaches the quote. Built only by
 * {@link QuoteParser}, which has checked every offset held here.
 */
public final class Quote {
  public static final int HEADER_LENGTH = 48;
  public static final long TEE_TYPE_SGX = 0x00;
  public static final long TEE_TYPE_TDX = 0x81;
  public static final String INTEL_QE_VENDOR_ID = "939a7233f79c4ca9940a0db3957f0607";
  public static final int SIGNATURE_LENGTH = 64;
  public static final int ATTESTATION_KEY_LENGTH = 64;

  private static final int QE_SVN = 0x08;
  private static final int PCE_SVN = 0x0A;
  private static final int QE_VENDOR_ID = 0x0C;
  private static final int USER_DATA = 0x1C;

  private final byte[] raw;
  private final int version;
  private final int attestationKeyType;
  private final long teeType;
  private final ReportBody body;
  private final int signedLength;
  private final int signatureOffset;
  private final int attestationKeyOffset;
  private final int certDataType;
  private final Optional<QeCertification> qe;
  private final int trailingBytes;

  Quote(
      byte[] raw,
      int version,
      int attestationKeyType,
      long teeType,
      ReportBody body,
      int signedLength,
      int signatureOffset,
      int attestationKeyOffset,
      int certDataType,
      Optional<QeCertification> qe,
      int trailingBytes) {
    this.raw = raw;
    this.version = version;
    this.attestationKeyType = attestationKeyType;
    this.teeType = teeType;
    this.body = body;
    this.signedLength = signedLength;
    this.signatureOffset = signatureOffset;
    this.attestationKeyOffset = attestationKeyOffset;
    this.certDataType = certDataType;
    this.qe = qe;
    this.trailingBytes = trailingBytes;
  }

  public int version() {
    return version;
  }

  public int attestationKeyType() {
    return attestationKeyType;
  }

  public long teeType() {
    return teeType;
  }

  public BodyKind bodyKind() {
    return body.kind();
  }

  public ReportBody body() {
    return body;
  }

  /** The TD report, for a TDX quote. */
  public Optional<TdReport> tdReport() {
    return body instanceof TdReport td ? Optional.of(td) : Optional.empty();
  }

  /** The enclave report, for an SGX quote. */
  public Optional<EnclaveReport> enclaveReport() {
    return body instanceof EnclaveReport e ? Optional.of(e) : Optional.empty();
  }

  public boolean isTdx() {
    return body.kind().isTd();
  }

  public int qeSvn() {
    return ByteReader.u16le(raw, QE_SVN);
  }

  public int pceSvn() {
    return ByteReader.u16le(raw, PCE_SVN);
  }

  public String qeVendorId() {
    return Hex.of(raw, QE_VENDOR_ID, 16);
  }

  public String userData() {
    return Hex.of(raw, USER_DATA, 20);
  }

  /** What the attestation key signed: header, (v5) body descriptor and body. */
  public byte[] signedBytes() {
    return Arrays.copyOf(raw, signedLength);
  }

  /** The attestation key's raw r‖s signature over {@link #signedBytes()}. */
  public byte[] signature() {
    return Arrays.copyOfRange(raw, signatureOffset, signatureOffset + SIGNATURE_LENGTH);
  }

  /** The raw X‖Y P-256 attestation key. */
  public byte[] attestationKey() {
    return Arrays.copyOfRange(
        raw, attestationKeyOffset, attestationKeyOffset + ATTESTATION_KEY_LENGTH);
  }

  /**
   * The outer certification data type (6 = QE report data for v4/v5; for v3 the QE report is inline
   * and this is the inner type).
   */
  public int certDataType() {
    return certDataType;
  }

  /** Present when the certification data carries a QE report (v3 always, v4/v5 type 6). */
  public Optional<QeCertification> qe() {
    return qe;
  }

  /** Bytes after the signature data, which the signature does not cover. */
  public int trailingBytes() {
    return trailingBytes;
  }

  /** The quote's length in bytes, trailing bytes included. */
  public int length() {
    return raw.length;
  }
}
