package dev.teepol.providers.tpm.abi;

import dev.teepol.core.bytes.ByteReader;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A TCG Canonical Event Log in its TLV encoding (type u8, length u32 big-endian, value) → {@link
 * CelRecord}s: each record is recnum (type 0, 8 bytes), PCR (type 1, 1 byte), digests (type 3:
 * nested TLVs whose type is the bank's TPM_ALG_ID) and one content TLV. At most {@link
 * Limits#maxEventLogEntries()} records.
 */
public final class CelParser {
  static final int RECNUM = 0;
  static final int PCR = 1;
  static final int DIGESTS = 3;

  private CelParser() {}

  /** A TLV: where it starts, its type and a reader over its value. */
  private record Tlv(int at, int type, ByteReader value, int end) {}

  public static List<CelRecord> parse(byte[] b, Limits limits) throws ParseException {
    ByteReader r = new ByteReader(b);
    List<CelRecord> out = new ArrayList<>();
    while (r.remaining() > 0) {
      String f = "cel[" + out.size() + "]";
      if (out.size() >= limits.maxEventLogEntries()) {
        throw new ParseException(
            f, r.position(), "more than " + limits.maxEventLogEntries() + " records");
      }
      int at = r.position();
      Tlv recnum = expect(r, f + ".recnum", RECNUM, 8);
      long n = recnum.value().u64be(f + ".recnum");
      Tlv pcr = expect(r, f + ".pcr", PCR, 1);
      int index = pcr.value().u8(f + ".pcr");
      if (index >= QuoteParser.PCR_COUNT) {
        throw new ParseException(f + ".pcr", pcr.at(), "PCR " + index + "; PCRs are 0..23");
      }
      Tlv digests = expect(r, f + ".digests", DIGESTS, -1);
      Map<TpmHash, byte[]> ds = new EnumMap<>(TpmHash.class);
      ByteReader dr = digests.value();
      while (dr.remaining() > 0) {
        Tlv d = tlv(dr, f + ".digests");
        int len = d.value().remaining();
        TpmHash h =
            TpmHash.byId(d.type())
                .orElseThrow(
                    () ->
                        new ParseException(
                            f + ".digests",
                            d.at(),
                            "unsupported bank " + TpmHash.describe(d.type())));
        if (len != h.size()) {
          throw new ParseException(
              f + ".digests." + h.label(), d.at(), len + " bytes, not " + h.size());
        }
        if (ds.put(h, d.value().bytes(f + ".digests." + h.label(), len)) != null) {
          throw new ParseException(f + ".digests", d.at(), h.label() + " digest given twice");
        }
      }
      Tlv content = tlv(r, f + ".content");
      byte[] whole = Arrays.copyOfRange(b, content.at(), content.end());
      byte[] value = content.value().bytes(f + ".content", content.value().remaining());
      out.add(new CelRecord(n, at, index, ds, content.type(), whole, value));
    }
    return out;
  }

  private static Tlv expect(ByteReader r, String f, int type, int length) throws ParseException {
    Tlv t = tlv(r, f);
    if (t.type() != type) {
      throw new ParseException(f, t.at(), "TLV type " + t.type() + ", expected " + type);
    }
    if (length >= 0 && t.value().remaining() != length) {
      throw new ParseException(
          f, t.at(), "value of " + t.value().remaining() + " bytes, expected " + length);
    }
    return t;
  }

  private static Tlv tlv(ByteReader r, String f) throws ParseException {
    int at = r.position();
    int type = r.u8(f + ".type");
    long len = r.u32be(f + ".length");
    ByteReader v = r.slice(f + ".value", len);
    return new Tlv(at, type, v, r.position());
  }

  /** The nested (type, value) of a COS content value: one TLV exactly. */
  public static Map.Entry<Integer, byte[]> cosEvent(byte[] value, String f) throws ParseException {
    ByteReader r = new ByteReader(value);
    Tlv t = tlv(r, f);
    if (r.remaining() != 0) {
      throw new ParseException(f, r.position(), r.remaining() + " bytes after the COS event");
    }
    return Map.entry(t.type(), t.value().bytes(f, t.value().remaining()));
  }
}
