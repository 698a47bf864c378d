package dev.teepol.providers.tpm.abi;

import dev.teepol.core.bytes.ByteReader;
import dev.teepol.core.bytes.ParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * TPMS_ATTEST (big-endian) → {@link Quote}. Every length is checked against the bytes left and
 * against the structure's own maximum before anything is copied; the PCR selection is refused when
 * it names a bank twice, an unknown bank or a PCR a PC Client TPM does not have, before any value
 * is hashed (dstack #1267: 20 KB of duplicate selections cost seconds of CPU in a replay).
 */
public final class QuoteParser {
  /** PC Client TPMs have PCRs 0..23. */
  public static final int PCR_COUNT = 24;

  /**
   * Most banks one selection may name: one per hash algorithm a TPM can have (TCG registry hashes;
   * real TPMs have two or three).
   */
  public static final int MAX_BANKS = 8;

  /** PCR_SELECT_MAX for 24 PCRs is 3; a TPM may pad to 4. */
  public static final int MAX_SIZEOF_SELECT = 4;

  /** TPM2B_NAME holds a TPMU_NAME: a digest with its algorithm (2 + 64) or a 4-byte handle. */
  static final int MAX_NAME = 2 + TpmHash.MAX_DIGEST;

  /** TPM2B_DATA is sized by TPMT_HA: algorithm + largest digest. */
  static final int MAX_EXTRA_DATA = 2 + TpmHash.MAX_DIGEST;

  private QuoteParser() {}

  /**
   * @throws ParseException naming the field and offset of the first defect; the whole input must be
   *     one TPMS_ATTEST, nothing after it
   */
  public static Quote parse(byte[] b) throws ParseException {
    ByteReader r = new ByteReader(b);
    long magic = r.u32be("magic");
    if (magic != Quote.TPM_GENERATED) {
      throw new ParseException(
          "magic",
          0,
          String.format(
              "0x%08x is not TPM_GENERATED_VALUE 0xff544347: the TPM did not make this structure",
              magic));
    }
    int type = r.u16be("type");
    if (type != Quote.ATTEST_QUOTE) {
      throw new ParseException(
          "type",
          4,
          String.format("0x%04x is not TPM_ST_ATTEST_QUOTE (0x8018): not a quote", type));
    }
    byte[] signer = sized(r, "qualifiedSigner", MAX_NAME);
    byte[] extra = sized(r, "extraData", MAX_EXTRA_DATA);
    long clock = r.u64be("clockInfo.clock");
    long resetCount = r.u32be("clockInfo.resetCount");
    long restartCount = r.u32be("clockInfo.restartCount");
    int safeAt = r.position();
    int safe = r.u8("clockInfo.safe");
    if (safe > 1) {
      throw new ParseException("clockInfo.safe", safeAt, "TPMI_YES_NO is " + safe + ", not 0 or 1");
    }
    long firmware = r.u64be("firmwareVersion");
    List<PcrSelection> selections = selections(r, "pcrSelect");
    byte[] digest = sized(r, "pcrDigest", TpmHash.MAX_DIGEST);
    if (r.remaining() != 0) {
      throw new ParseException(
          "TPMS_ATTEST", r.position(), r.remaining() + " bytes after the end of the quote");
    }
    return new Quote(
        b.clone(),
        signer,
        extra,
        clock,
        resetCount,
        restartCount,
        safe == 1,
        firmware,
        selections,
        digest);
  }

  /**
   * A TPML_PCR_SELECTION: count, then per bank hash, sizeofSelect and the bitmap (bit i of byte j
   * is PCR 8j+i).
   */
  static List<PcrSelection> selections(ByteReader r, String field) throws ParseException {
    int countAt = r.position();
    long count = r.u32be(field + ".count");
    if (count > MAX_BANKS) {
      throw new ParseException(
          field + ".count",
          countAt,
          count + " banks; at most " + MAX_BANKS + " (one per hash algorithm)");
    }
    List<PcrSelection> out = new ArrayList<>((int) count);
    Set<TpmHash> seen = EnumSet.noneOf(TpmHash.class);
    for (int i = 0; i < count; i++) {
      String f = field + "[" + i + "]";
      int at = r.position();
      int alg = r.u16be(f + ".hash");
      TpmHash bank =
          TpmHash.byId(alg)
              .orElseThrow(
                  () ->
                      new ParseException(
                          f + ".hash",
                          at,
                          "unsupported PCR bank "
                              + TpmHash.describe(alg)
                              + " (teepol verifies "
                              + List.of(TpmHash.values())
                              + ")"));
      if (!seen.add(bank)) {
        throw new ParseException(
            f + ".hash", at, "bank " + bank.label() + " is selected twice: refused before hashing");
      }
      int sizeAt = r.position();
      int sizeofSelect = r.u8(f + ".sizeofSelect");
      if (sizeofSelect > MAX_SIZEOF_SELECT) {
        throw new ParseException(
            f + ".sizeofSelect",
            sizeAt,
            sizeofSelect + " bytes of bitmap; at most " + MAX_SIZEOF_SELECT);
      }
      int mapAt = r.skip(f + ".pcrSelect", sizeofSelect);
      List<Integer> pcrs = new ArrayList<>();
      for (int byteIndex = 0; byteIndex < sizeofSelect; byteIndex++) {
        int bits = r.array()[mapAt + byteIndex] & 0xff;
        for (int bit = 0; bit < 8; bit++) {
          if ((bits & (1 << bit)) != 0) {
            int pcr = 8 * byteIndex + bit;
            if (pcr >= PCR_COUNT) {
              throw new ParseException(
                  f + ".pcrSelect",
                  mapAt + byteIndex,
                  "PCR " + pcr + " selected; a PC Client TPM has PCRs 0.." + (PCR_COUNT - 1));
            }
            pcrs.add(pcr);
          }
        }
      }
      out.add(new PcrSelection(bank, pcrs));
    }
    return out;
  }

  /** A TPM2B: u16 size, then that many bytes, at most {@code max}. */
  static byte[] sized(ByteReader r, String field, int max) throws ParseException {
    int at = r.position();
    int size = r.u16be(field + ".size");
    if (size > max) {
      throw new ParseException(field + ".size", at, size + " bytes; at most " + max);
    }
    return r.bytes(field, size);
  }
}
