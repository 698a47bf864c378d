package dev.teepol.providers.sevsnp.dstack;

import dev.teepol.core.bytes.ByteReader;
import dev.teepol.core.bytes.ParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Linux extended-report certificate table (SNP_GET_EXT_REPORT; GHCB spec): 24-byte entries
 * GUID[16] ‖ offset u32 ‖ length u32, ended by an all-zero entry, each offset/length naming a
 * certificate inside the same blob. teepol reads every entry's bytes and lets the certificates say
 * what they are (VCEK, VLEK, ASK, ARK by AMD's names), so an entry filed under the wrong GUID
 * cannot make a certificate count as something else.
 */
final class CertificateTable {
  private static final int ENTRY = 24;

  private CertificateTable() {}

  /** Whether the blob is a certificate itself (PEM or DER), not a table. */
  static boolean isCertificate(byte[] blob) {
    return blob.length > 0
        && (blob[0] == 0x30
            || new String(
                    blob, 0, Math.min(blob.length, 64), java.nio.charset.StandardCharsets.US_ASCII)
                .strip()
                .startsWith("-----BEGIN"));
  }

  static List<byte[]> entries(byte[] table, int maxEntries) throws ParseException {
    List<byte[]> out = new ArrayList<>();
    ByteReader r = new ByteReader(table);
    while (true) {
      int at = r.position();
      r.require("cert_table entry", ENTRY);
      byte[] guid = r.bytes("cert_table.guid", 16);
      long offset = r.u32le("cert_table.offset");
      long length = r.u32le("cert_table.length");
      boolean zero = offset == 0 && length == 0;
      for (byte g : guid) {
        zero &= g == 0;
      }
      if (zero) {
        return out;
      }
      if (out.size() == maxEntries) {
        throw new ParseException("cert_table", at, "more than " + maxEntries + " entries");
      }
      if (offset > table.length || length > table.length - offset) {
        throw new ParseException(
            "cert_table.offset",
            at + 16,
            "entry ["
                + offset
                + ", +"
                + length
                + ") outside the table's "
                + table.length
                + " bytes");
      }
      byte[] cert = new byte[(int) length];
      System.arraycopy(table, (int) offset, cert, 0, (int) length);
      out.add(cert);
    }
  }
}
