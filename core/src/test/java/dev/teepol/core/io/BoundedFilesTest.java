package dev.teepol.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.teepol.core.limits.LimitExceededException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedFilesTest {
  @TempDir Path dir;

  @Test
  void aFileUpToTheLimitIsReadWhole() throws Exception {
    byte[] content = new byte[100_000];
    content[99_999] = 7;
    Path f = Files.write(dir.resolve("f"), content);
    assertThat(BoundedFiles.read(f, 100_000, "f")).isEqualTo(content);
    assertThatThrownBy(() -> BoundedFiles.read(f, 99_999, "input f"))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("input f")
        .hasMessageContaining("99999");
  }

  @Test
  void anEndlessDeviceStopsOneBytePastTheLimit() throws Exception {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "needs /dev/zero");
    // Files.size says 0 for a device: a size check before reading would let it through.
    assertThat(Files.size(zero)).isZero();
    assertThatThrownBy(() -> BoundedFiles.read(zero, 1 << 20, "policy"))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("policy")
        .hasMessageContaining(String.valueOf(1 << 20));
  }

  @Test
  void aStreamThatNeverEndsIsCutAtTheLimit() throws Exception {
    long[] served = {0};
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            served[0]++;
            return 'a';
          }

          @Override
          public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'a');
            served[0] += len;
            return len;
          }
        };
    assertThatThrownBy(() -> BoundedFiles.read(endless, 4096, "pipe"))
        .isInstanceOf(LimitExceededException.class);
    assertThat(served[0]).isEqualTo(4097);
    assertThat(BoundedFiles.read(new ByteArrayInputStream(new byte[0]), 0, "empty")).isEmpty();
  }

  @Test
  void textThatIsNotUtf8IsRefusedWithTheOffset() throws Exception {
    Path f = Files.write(dir.resolve("p.yaml"), new byte[] {'a', 'b', (byte) 0xff, 'c'});
    assertThatThrownBy(() -> BoundedFiles.readUtf8(f, 100, "policy p.yaml"))
        .isInstanceOf(CharacterCodingException.class)
        .hasMessage("policy p.yaml is not UTF-8 text (invalid byte at offset 2)");
    assertThat(BoundedFiles.readUtf8(Files.writeString(dir.resolve("ok"), "é✓"), 100, "ok"))
        .isEqualTo("é✓");
  }

  @Test
  void headReadsOnlyThePrefix() throws Exception {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "needs /dev/zero");
    assertThat(BoundedFiles.head(zero, 10)).hasSize(10);
    assertThat(BoundedFiles.head(Files.write(dir.resolve("s"), new byte[] {1, 2}), 10))
        .containsExactly(1, 2);
  }
}
