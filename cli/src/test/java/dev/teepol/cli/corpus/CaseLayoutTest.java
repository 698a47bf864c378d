package dev.teepol.cli.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Finding a split-out part inside its container. */
class CaseLayoutTest {
  @Test
  void containmentIsFoundWhereverThePartIs() {
    byte[] hay = "..header..PART..trailer..".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(
            CaseLayout.contains(hay, "PART".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .isTrue();
    assertThat(
            CaseLayout.contains(hay, "PARTS".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .isFalse();
    assertThat(CaseLayout.contains(hay, new byte[0])).isTrue();
  }

  /** The input that makes a naive search quadratic (a million times sixty-four thousand steps). */
  @Test
  @Timeout(10)
  void aPathologicalInputDoesNotHang() {
    byte[] hay = new byte[1 << 20];
    byte[] needle = new byte[1 << 16];
    Arrays.fill(hay, (byte) 'a');
    Arrays.fill(needle, (byte) 'a');
    needle[needle.length - 1] = 'b';
    assertThat(CaseLayout.contains(hay, needle)).isFalse();
    hay[hay.length - 1] = 'b';
    assertThat(CaseLayout.contains(hay, needle)).isTrue();
  }
}
