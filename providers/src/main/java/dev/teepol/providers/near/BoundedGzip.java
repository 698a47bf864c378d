package dev.teepol.providers.near;

import dev.teepol.core.bytes.ParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * gzip that stops at a bound while inflating, so a small bomb never becomes a large allocation.
 * Public for the other providers whose documents carry gzip (Tinfoil).
 */
public final class BoundedGzip {
  private BoundedGzip() {}

  public static boolean isGzip(byte[] b) {
    return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
  }

  public static byte[] inflate(byte[] gz, String field, long maxBytes) throws ParseException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(gz.length * 4, 1 << 20));
    byte[] buf = new byte[64 << 10];
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw new ParseException(
              field, gz.length, "inflates past the decompressed limit of " + maxBytes + " bytes");
        }
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      throw new ParseException(field, 0, "corrupt gzip: " + e.getMessage());
    }
    return out.toByteArray();
  }

  /**
   * The first at most {@code maxBytes} of the inflated content, for a sniff: inflating stops there
   * (whatever the stream would expand to), and a stream that is corrupt early yields what came
   * before the damage, possibly nothing. Never throws.
   */
  public static byte[] prefix(byte[] gz, int maxBytes) {
    return prefix(new ByteArrayInputStream(gz), maxBytes);
  }

  static byte[] prefix(InputStream compressed, int maxBytes) {
    byte[] out = new byte[maxBytes];
    int n = 0;
    try (GZIPInputStream in = new GZIPInputStream(compressed, 512)) {
      int r;
      while (n < maxBytes && (r = in.read(out, n, maxBytes - n)) > 0) {
        n += r;
      }
    } catch (IOException | RuntimeException e) {
      // what inflated before the damage is all a sniff gets
    }
    return n == maxBytes ? out : java.util.Arrays.copyOf(out, n);
  }
}
