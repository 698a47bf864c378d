package dev.teepol.providers.near;

import dev.teepol.core.bytes.ParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

/** gzip that stops at a bound while inflating, so a small bomb never becomes a large allocation. */
final class BoundedGzip {
  private BoundedGzip() {}

  static boolean isGzip(byte[] b) {
    return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
  }

  static byte[] inflate(byte[] gz, String field, long maxBytes) throws ParseException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(gz.length * 4, 1 << 20));
    byte[] buf = new byte[64 << 10];
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw new ParseException(field, gz.length, "inflates past the decompressed limit of " + maxBytes + " bytes");
        }
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      throw new ParseException(field, 0, "corrupt gzip: " + e.getMessage());
    }
    return out.toByteArray();
  }
}
