package dev.teepol.providers.sevsnp.dstack;

import dev.teepol.core.bytes.ByteReader;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.sevsnp.abi.SnpReport;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes → {@link DstackSnpAttestation}: SCALE V0 with the {@code DstackAmdSevSnp} quote variant,
 * every length checked against the bytes that remain, counts bounded by {@link Limits}, strings
 * strict UTF-8, and every byte consumed (dstack's decoder requires it too).
 */
public final class DstackSnpAttestationParser {
  static final int V0 = 0;
  static final int SEV_SNP_VARIANT = 3;

  private DstackSnpAttestationParser() {}

  /** Version byte 0, variant 3 and the compact length 1184 of the report ({@code 81 12}). */
  public static boolean sniff(byte[] b) {
    return b.length > 4 + SnpReport.LENGTH
        && b[0] == V0
        && b[1] == SEV_SNP_VARIANT
        && (b[2] & 0xff) == 0x81
        && (b[3] & 0xff) == 0x12;
  }

  public static DstackSnpAttestation parse(byte[] bytes, Limits limits) throws ParseException {
    ByteReader r = new ByteReader(bytes);
    int version = r.u8("version");
    if (version != V0) {
      throw new ParseException(
          "version", 0, "not a SCALE V0 attestation (first byte " + version + ")");
    }
    int variant = r.u8("quote");
    if (variant != SEV_SNP_VARIANT) {
      throw new ParseException(
          "quote", 1, "quote variant " + variant + " is not DstackAmdSevSnp (3)");
    }
    byte[] report = vec(r, "quote.report", limits.maxQuoteBytes());
    long certs = compact(r, "quote.cert_chain");
    if (certs > limits.maxCertChainLength()) {
      throw new ParseException(
          "quote.cert_chain",
          r.position(),
          certs + " certificate blobs, over the limit of " + limits.maxCertChainLength());
    }
    List<byte[]> chain = new ArrayList<>();
    for (int i = 0; i < certs; i++) {
      chain.add(vec(r, "quote.cert_chain[" + i + "]", limits.maxCollateralBytes()));
    }
    String mrConfig = string(r, "quote.mr_config", limits.maxCollateralBytes());
    long events = compact(r, "runtime_events");
    if (events > limits.maxEventLogEntries()) {
      throw new ParseException(
          "runtime_events",
          r.position(),
          events + " events, over the limit of " + limits.maxEventLogEntries());
    }
    List<DstackSnpAttestation.RuntimeEvent> ev = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      String name = string(r, "runtime_events[" + i + "].event", limits.maxNameChars());
      byte[] payload = vec(r, "runtime_events[" + i + "].payload", limits.maxCollateralBytes());
      ev.add(new DstackSnpAttestation.RuntimeEvent(name, payload));
    }
    byte[] reportData = r.bytes("report_data", 64);
    String config = string(r, "config", limits.maxCollateralBytes());
    if (r.remaining() != 0) {
      throw new ParseException(
          "attestation", r.position(), r.remaining() + " trailing bytes after the config");
    }
    return new DstackSnpAttestation(report, chain, mrConfig, ev, reportData, config);
  }

  /** A SCALE compact integer (the length of a Vec or String). */
  static long compact(ByteReader r, String field) throws ParseException {
    int at = r.position();
    int b0 = r.u8(field);
    switch (b0 & 3) {
      case 0:
        return b0 >>> 2;
      case 1:
        return ((r.u8(field) << 8) | b0) >>> 2;
      case 2:
        {
          long v =
              b0
                  | ((long) r.u8(field) << 8)
                  | ((long) r.u8(field) << 16)
                  | ((long) r.u8(field) << 24);
          return v >>> 2;
        }
      default:
        {
          int n = (b0 >>> 2) + 4;
          if (n > 8) {
            throw new ParseException(field, at, "compact integer of " + n + " bytes");
          }
          long v = 0;
          for (int i = 0; i < n; i++) {
            v |= ((long) r.u8(field)) << (8 * i);
          }
          if (v < 0) {
            throw new ParseException(field, at, "compact integer out of range");
          }
          return v;
        }
    }
  }

  private static byte[] vec(ByteReader r, String field, int max) throws ParseException {
    int at = r.position();
    long n = compact(r, field);
    if (n > max) {
      throw new ParseException(field, at, n + " bytes, over the limit of " + max);
    }
    return r.bytes(field, n);
  }

  private static String string(ByteReader r, String field, int max) throws ParseException {
    int at = r.position();
    byte[] b = vec(r, field, max);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ParseException(field, at, "not UTF-8");
    }
  }
}
