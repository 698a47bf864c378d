package dev.teepol.providers.tdx.abi;

import dev.teepol.core.bytes.ByteReader;
import dev.teepol.core.bytes.ParseException;
import java.util.Optional;

/**
 * Bytes to {@link Quote}, as a pure function. Every length field is checked against what remains
 * before it is used; the parse relies on length fields, never on the end of the buffer, so bytes
 * after the signature data are counted, not misread.
 */
public final class QuoteParser {
  static final int CERT_TYPE_PCK_CHAIN = 5;
  static final int CERT_TYPE_QE_REPORT = 6;

  private QuoteParser() {}

  public static Quote parse(byte[] raw, int maxLength) throws ParseException {
    if (raw.length > maxLength) {
      throw new ParseException(
          "quote", 0, "is " + raw.length + " bytes, over the limit of " + maxLength);
    }
    ByteReader r = new ByteReader(raw);
    int version = r.u16le("header.version");
    if (version < 3 || version > 5) {
      throw new ParseException(
          "header.version", 0, "unsupported quote version " + version + " (3, 4 and 5 are known)");
    }
    int keyType = r.u16le("header.att_key_type");
    if (keyType != 2) {
      throw new ParseException(
          "header.att_key_type", 2, "attestation key type " + keyType + " is not ECDSA-P256 (2)");
    }
    long teeType = r.u32le("header.tee_type");
    r.skip("header", Quote.HEADER_LENGTH - 8);

    BodyKind kind;
    if (version == 5) {
      int at = r.position();
      int bodyType = r.u16le("body_descriptor.type");
      long bodySize = r.u32le("body_descriptor.size");
      kind =
          switch (bodyType) {
            case 1 -> BodyKind.SGX;
            case 2 -> BodyKind.TD10;
            case 3 -> BodyKind.TD15;
            default ->
                throw new ParseException(
                    "body_descriptor.type", at, "unknown body type " + bodyType);
          };
      if (bodySize != kind.length) {
        throw new ParseException(
            "body_descriptor.size",
            at + 2,
            "body type " + bodyType + " must be " + kind.length + " bytes, says " + bodySize);
      }
    } else {
      kind = version == 3 ? BodyKind.SGX : BodyKind.TD10;
    }
    long expectedTee = kind.isTd() ? Quote.TEE_TYPE_TDX : Quote.TEE_TYPE_SGX;
    if (teeType != expectedTee) {
      throw new ParseException(
          "header.tee_type",
          4,
          String.format("tee type 0x%x does not match a %s body", teeType, kind));
    }
    int bodyOffset = r.skip("body", kind.length);
    ReportBody body =
        kind.isTd() ? new TdReport(raw, bodyOffset, kind) : new EnclaveReport(raw, bodyOffset);
    int signedLength = r.position();

    long sigDataLen = r.u32le("signature_data_len");
    ByteReader sig = r.slice("signature_data", sigDataLen);
    int trailing = r.remaining();

    int signatureOffset = sig.skip("signature_data.signature", Quote.SIGNATURE_LENGTH);
    int keyOffset = sig.skip("signature_data.attestation_key", Quote.ATTESTATION_KEY_LENGTH);
    int certType;
    Optional<QeCertification> qe;
    if (version == 3) {
      QeCertification q = parseQe(raw, sig);
      certType = q.certDataType();
      qe = Optional.of(q);
    } else {
      certType = sig.u16le("certification_data.type");
      long size = sig.u32le("certification_data.size");
      ByteReader cert = sig.slice("certification_data", size);
      qe = certType == CERT_TYPE_QE_REPORT ? Optional.of(parseQe(raw, cert)) : Optional.empty();
      if (qe.isPresent()) {
        requireConsumed(cert, "certification_data");
      }
    }
    requireConsumed(sig, "signature_data");
    return new Quote(
        raw,
        version,
        keyType,
        teeType,
        body,
        signedLength,
        signatureOffset,
        keyOffset,
        certType,
        qe,
        trailing);
  }

  /**
   * Nested structures must exactly fill the length their container declares: bytes that no field
   * accounts for are refused rather than ignored, so a shortened inner length cannot pass unseen.
   */
  private static void requireConsumed(ByteReader r, String field) throws ParseException {
    if (r.remaining() != 0) {
      throw new ParseException(
          field,
          r.position(),
          r.remaining() + " bytes after the last field are not accounted for by any length");
    }
  }

  private static QeCertification parseQe(byte[] raw, ByteReader r) throws ParseException {
    int report = r.skip("qe_report", EnclaveReport.LENGTH);
    int reportSig = r.skip("qe_report_signature", QeCertification.SIGNATURE_LENGTH);
    int authLen = r.u16le("qe_auth_data.size");
    int auth = r.skip("qe_auth_data", authLen);
    int type = r.u16le("qe_certification_data.type");
    long size = r.u32le("qe_certification_data.size");
    int data = r.skip("qe_certification_data", size);
    return new QeCertification(raw, report, reportSig, auth, authLen, type, data, (int) size);
  }
}
