package dev.teepol.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestsTest {
  private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

  @Test
  void digestsAreTheStandardOnesOverTheConcatenatedParts() {
    assertThat(Hex.of(Digests.sha256(ABC)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(
            Hex.of(
                Digests.sha256(
                    "a".getBytes(StandardCharsets.US_ASCII),
                    "bc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo(Hex.of(Digests.sha256(ABC)));
  }

  /** The digests are per-thread instances: one left half-fed must not leak into the next use. */
  @Test
  void aReusedDigestStartsEmpty() {
    Digests.sha256().update(ABC);
    assertThat(Hex.of(Digests.sha256().digest()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    Digests.sha384().update(ABC);
    assertThat(Hex.of(Digests.sha384().digest())).startsWith("38b060a751ac9638");
    Digests.sha512().update(ABC);
    assertThat(Hex.of(Digests.sha512().digest())).startsWith("cf83e1357eefb8bd");
  }
}
