package dev.teepol.providers.tpm.abi;

import dev.teepol.core.bytes.ByteReader;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TCG PC Client event logs (little-endian) → {@link EventLog}: crypto-agile (a validated "Spec ID
 * Event03" header, then TCG_PCR_EVENT2 records carrying exactly one digest per declared bank) or
 * legacy SHA-1. Every length is checked against the bytes left before it is read, at most {@link
 * Limits#maxEventLogEntries()} events are accepted, and every event names a PCR 0..23.
 */
public final class EventLogParser {
  static final byte[] SPEC_ID_03 = "Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII);

  /** The Spec ID event's fixed part up to numberOfAlgorithms. */
  static final int SPEC_ID_FIXED = 16 + 4 + 4 + 4;

  /** Legacy header size: PCR index, type, SHA-1 digest, event size. */
  static final int LEGACY_HEADER = 4 + 4 + 20 + 4;

  private EventLogParser() {}

  /** Whether the log opens with a crypto-agile Spec ID header (a bounded look, never a parse). */
  public static boolean startsCryptoAgile(byte[] b) {
    if (b.length < LEGACY_HEADER + SPEC_ID_03.length) {
      return false;
    }
    if (ByteReader.u32le(b, 0) != 0 || ByteReader.u32le(b, 4) != EventType.EV_NO_ACTION) {
      return false;
    }
    for (int i = 8; i < 28; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return Arrays.equals(b, LEGACY_HEADER, LEGACY_HEADER + SPEC_ID_03.length, SPEC_ID_03, 0, 16);
  }

  public static EventLog parse(byte[] b, Limits limits) throws ParseException {
    if (b.length == 0) {
      throw new ParseException("event log", 0, "empty");
    }
    ByteReader r = new ByteReader(b);
    List<TcgEvent> events = new ArrayList<>();
    if (!startsCryptoAgile(b)) {
      while (r.remaining() > 0) {
        bound(events, r, limits);
        events.add(legacy(r, events.size()));
      }
      return new EventLog(EventLog.Format.SHA1, Optional.empty(), events);
    }
    TcgEvent header = legacy(r, 0);
    SpecIdEvent spec = specId(header);
    events.add(header);
    while (r.remaining() > 0) {
      bound(events, r, limits);
      events.add(agile(r, events.size(), spec));
    }
    return new EventLog(EventLog.Format.CRYPTO_AGILE, Optional.of(spec), events);
  }

  private static void bound(List<TcgEvent> events, ByteReader r, Limits limits)
      throws ParseException {
    if (events.size() >= limits.maxEventLogEntries()) {
      throw new ParseException(
          "event[" + events.size() + "]",
          r.position(),
          "more than " + limits.maxEventLogEntries() + " events (maxEventLogEntries)");
    }
  }

  private static TcgEvent legacy(ByteReader r, int index) throws ParseException {
    String f = "event[" + index + "]";
    int at = r.position();
    int pcr = pcr(r, f);
    long type = r.u32le(f + ".eventType");
    byte[] digest = r.bytes(f + ".digest", TpmHash.SHA1.size());
    byte[] data = data(r, f);
    return new TcgEvent(index, at, pcr, type, Map.of(TpmHash.SHA1, digest), data);
  }

  private static TcgEvent agile(ByteReader r, int index, SpecIdEvent spec) throws ParseException {
    String f = "event[" + index + "]";
    int at = r.position();
    int pcr = pcr(r, f);
    long type = r.u32le(f + ".eventType");
    int countAt = r.position();
    long count = r.u32le(f + ".digests.count");
    if (count != spec.algorithms().size()) {
      throw new ParseException(
          f + ".digests.count",
          countAt,
          count
              + " digests; the Spec ID header declares "
              + spec.algorithms().size()
              + " banks and every event carries one digest per bank");
    }
    Map<TpmHash, byte[]> digests = new EnumMap<>(TpmHash.class);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < count; i++) {
      String g = f + ".digests[" + i + "]";
      int algAt = r.position();
      int alg = r.u16le(g + ".hashAlg");
      SpecIdEvent.Algorithm declared =
          spec.algorithms().stream()
              .filter(a -> a.id() == alg)
              .findFirst()
              .orElseThrow(
                  () ->
                      new ParseException(
                          g + ".hashAlg",
                          algAt,
                          "bank "
                              + TpmHash.describe(alg)
                              + " is not declared in the Spec ID header"));
      if (!seen.add(alg)) {
        throw new ParseException(
            g + ".hashAlg", algAt, "bank " + TpmHash.describe(alg) + " appears twice in one event");
      }
      byte[] d = r.bytes(g + ".digest", declared.digestSize());
      TpmHash.byId(alg).ifPresent(h -> digests.put(h, d));
    }
    byte[] data = data(r, f);
    return new TcgEvent(index, at, pcr, type, digests, data);
  }

  private static int pcr(ByteReader r, String f) throws ParseException {
    int at = r.position();
    long pcr = r.u32le(f + ".pcrIndex");
    if (pcr >= QuoteParser.PCR_COUNT) {
      throw new ParseException(
          f + ".pcrIndex", at, "PCR " + pcr + "; a PC Client TPM has PCRs 0..23");
    }
    return (int) pcr;
  }

  private static byte[] data(ByteReader r, String f) throws ParseException {
    long size = r.u32le(f + ".eventSize");
    return r.bytes(f + ".event", size);
  }

  /** Validates the TCG_EfiSpecIDEvent in the first event's data. */
  static SpecIdEvent specId(TcgEvent header) throws ParseException {
    String f = "event[0].specId";
    byte[] d = header.data();
    int base = header.offset() + LEGACY_HEADER;
    ByteReader r = new ByteReader(d);
    r.skip(f + ".signature", SPEC_ID_03.length);
    long platformClass = r.u32le(f + ".platformClass");
    int minor = r.u8(f + ".specVersionMinor");
    int majorAt = r.position();
    int major = r.u8(f + ".specVersionMajor");
    if (major != 2) {
      throw new ParseException(
          f + ".specVersionMajor",
          base + majorAt,
          "version " + major + "; a crypto-agile log is version 2");
    }
    int errata = r.u8(f + ".specErrata");
    int uintnAt = r.position();
    int uintn = r.u8(f + ".uintnSize");
    if (uintn != 1 && uintn != 2) {
      throw new ParseException(
          f + ".uintnSize", base + uintnAt, uintn + " is neither 1 (UINT32) nor 2 (UINT64)");
    }
    int countAt = r.position();
    long count = r.u32le(f + ".numberOfAlgorithms");
    if (count < 1 || count > QuoteParser.MAX_BANKS) {
      throw new ParseException(
          f + ".numberOfAlgorithms",
          base + countAt,
          count + " banks; a log declares 1.." + QuoteParser.MAX_BANKS);
    }
    List<SpecIdEvent.Algorithm> algs = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    for (int i = 0; i < count; i++) {
      int at = r.position();
      int id = r.u16le(f + ".digestSizes[" + i + "].algorithmId");
      int size = r.u16le(f + ".digestSizes[" + i + "].digestSize");
      if (!ids.add(id)) {
        throw new ParseException(
            f + ".digestSizes[" + i + "]", base + at, TpmHash.describe(id) + " declared twice");
      }
      Optional<TpmHash> known = TpmHash.byId(id);
      if (known.isPresent() ? known.get().size() != size : size < 1 || size > TpmHash.MAX_DIGEST) {
        throw new ParseException(
            f + ".digestSizes[" + i + "].digestSize",
            base + at + 2,
            "digest size " + size + " for " + TpmHash.describe(id));
      }
      algs.add(new SpecIdEvent.Algorithm(id, size));
    }
    int vendorSize = r.u8(f + ".vendorInfoSize");
    r.skip(f + ".vendorInfo", vendorSize);
    if (r.remaining() != 0) {
      throw new ParseException(
          f, base + r.position(), r.remaining() + " bytes after the end of the Spec ID event");
    }
    return new SpecIdEvent(platformClass, major, minor, errata, uintn, algs);
  }
}
