package dev.teepol.kms.ratls;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;

/** PEM text → {@link RatlsChain}: bounded, and every failure names the certificate and field. */
public final class RatlsParser {
  static final String PEM_BEGIN = "-----BEGIN CERTIFICATE-----";

  /** dstack's marker for a gzip-compressed event-log extension ({@code ra-tls/src/cert.rs}). */
  private static final byte[] GZIP_MAGIC = "ELGZv1".getBytes(StandardCharsets.US_ASCII);

  private RatlsParser() {}

  /** A cheap sniff: PEM certificate text (after leading whitespace). Never parses. */
  public static boolean looksLikePem(byte[] content) {
    int i = 0;
    while (i < content.length && i < 64 && Character.isWhitespace(content[i])) {
      i++;
    }
    byte[] begin = PEM_BEGIN.getBytes(StandardCharsets.US_ASCII);
    return content.length - i >= begin.length
        && Arrays.equals(content, i, i + begin.length, begin, 0, begin.length);
  }

  public static RatlsChain parse(byte[] pem, Limits limits) throws ParseException {
    List<X509Certificate> chain;
    try {
      chain =
          Certificates.parsePemChain(
              new String(pem, StandardCharsets.US_ASCII), limits.maxCertChainLength());
    } catch (CertificateException e) {
      throw new ParseException("certificate chain", 0, e.getMessage());
    }
    if (chain.size() < 2) {
      throw new ParseException(
          "certificate chain",
          0,
          "an RA-TLS chain has the app certificate and at least the KMS root; got "
              + chain.size()
              + " certificate");
    }
    X509Certificate leaf = chain.get(0);
    X509Certificate ca = chain.get(1);
    Optional<byte[]> quote = octets(leaf, RatlsOids.TDX_QUOTE, 0, limits.maxQuoteBytes());
    Optional<byte[]> log =
        octets(
            leaf,
            RatlsOids.EVENT_LOG,
            0,
            (int) Math.min(Integer.MAX_VALUE - 8, limits.maxEvidenceBytes()));
    Optional<String> logText =
        log.isEmpty() ? Optional.empty() : Optional.of(eventLog(log.get(), limits));
    return new RatlsChain(
        chain,
        leaf.getPublicKey().getEncoded(),
        chain.get(chain.size() - 1).getPublicKey().getEncoded(),
        quote,
        logText,
        octets(leaf, RatlsOids.APP_ID, 0, limits.maxNameChars()),
        octets(ca, RatlsOids.APP_ID, 1, limits.maxNameChars()),
        octets(leaf, RatlsOids.CERT_USAGE, 0, limits.maxNameChars())
            .map(b -> new String(b, StandardCharsets.UTF_8)),
        leaf.getExtensionValue(RatlsOids.ATTESTATION) != null);
  }

  /**
   * The content of extension {@code oid}: extnValue is a DER OCTET STRING holding another OCTET
   * STRING (yasna {@code write_bytes}), each bounded before it is decoded.
   */
  private static Optional<byte[]> octets(X509Certificate cert, String oid, int index, int max)
      throws ParseException {
    byte[] ext = cert.getExtensionValue(oid);
    if (ext == null) {
      return Optional.empty();
    }
    String field = "certificate " + index + " extension " + oid;
    if (ext.length > max + 16) {
      throw new ParseException(field, 0, ext.length + " bytes is over the bound of " + max);
    }
    try {
      byte[] inner = ASN1OctetString.getInstance(ext).getOctets();
      ASN1Primitive p = ASN1Primitive.fromByteArray(inner);
      if (!(p instanceof ASN1OctetString os)) {
        throw new ParseException(field, 0, "not a DER OCTET STRING");
      }
      return Optional.of(os.getOctets());
    } catch (IOException | IllegalArgumentException e) {
      throw new ParseException(field, 0, "not a DER OCTET STRING: " + e.getMessage());
    }
  }

  private static String eventLog(byte[] raw, Limits limits) throws ParseException {
    String field = "certificate 0 extension " + RatlsOids.EVENT_LOG;
    byte[] json = raw;
    if (raw.length >= GZIP_MAGIC.length
        && Arrays.equals(raw, 0, GZIP_MAGIC.length, GZIP_MAGIC, 0, GZIP_MAGIC.length)) {
      int bound = (int) Math.min(Integer.MAX_VALUE - 8, limits.maxDecompressedBytes());
      try (GZIPInputStream in =
          new GZIPInputStream(
              new ByteArrayInputStream(raw, GZIP_MAGIC.length, raw.length - GZIP_MAGIC.length))) {
        json = BoundedFiles.read(in, bound, "the RA-TLS event log");
      } catch (LimitExceededException e) {
        throw new ParseException(field, GZIP_MAGIC.length, e.getMessage());
      } catch (IOException e) {
        throw new ParseException(field, GZIP_MAGIC.length, "gzip: " + e.getMessage());
      }
    }
    try {
      return BoundedFiles.decodeUtf8(json, "the RA-TLS event log");
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new ParseException(field, 0, "not UTF-8 JSON");
    }
  }
}
