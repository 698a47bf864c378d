package dev.teepol.providers.near;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.providers.json.JsonPrefix;
import dev.teepol.providers.tdx.TdxProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The NEAR sniff peeks into gzip: it inflates a bounded prefix, never the stream. */
class BoundedGzipTest {
  /**
   * A gzip of {@code head} followed by {@code padding} spaces: a few KB that inflate to far more.
   */
  private static byte[] bomb(String head, int padding) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out, 1 << 16)) {
      z.write(head.getBytes(StandardCharsets.US_ASCII));
      byte[] spaces = new byte[1 << 20];
      Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < padding / spaces.length; i++) {
        z.write(spaces);
      }
    }
    return out.toByteArray();
  }

  /** Counts the compressed bytes the inflater pulled. */
  private static final class Counting extends FilterInputStream {
    long read;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      read += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      read += Math.max(n, 0);
      return n;
    }
  }

  @Test
  void theSniffInflatesAtMostItsWindowOfABomb() throws IOException {
    byte[] gz = bomb("{\"gateway_attestation\":{", 256 << 20);
    Counting in = new Counting(new ByteArrayInputStream(gz));
    byte[] prefix = BoundedGzip.prefix(in, JsonPrefix.WINDOW);
    assertThat(prefix).hasSize(JsonPrefix.WINDOW);
    // 256 MiB of spaces compress ~1000:1, so the window needs a tiny fraction of the input (the
    // inflater reads 512-byte chunks): the rest of the bomb is never touched.
    assertThat(in.read).isLessThan(gz.length / 20);
    assertThat(
            new NearProvider(new TdxProvider())
                .recognizes(new EvidenceSource("bomb.gz", gz), Limits.DEFAULT))
        .isTrue();
  }

  @Test
  void aCorruptOrTruncatedStreamYieldsWhatCameBeforeTheDamage() throws IOException {
    byte[] gz = bomb("{\"model_attestations\":[", 1 << 20);
    assertThat(BoundedGzip.prefix(Arrays.copyOf(gz, 10), 1024)).isEmpty();
    assertThat(BoundedGzip.prefix(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0}, 1024)).isEmpty();
    byte[] cut = BoundedGzip.prefix(Arrays.copyOf(gz, gz.length / 2), 64);
    assertThat(new String(cut, StandardCharsets.US_ASCII)).startsWith("{\"model_attestations\":[");
  }
}
