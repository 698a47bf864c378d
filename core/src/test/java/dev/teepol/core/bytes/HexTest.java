package dev.teepol.core.bytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class HexTest {
  @Test
  void encodesLowercase() {
    assertThat(Hex.of(new byte[] {0x00, (byte) 0xab, 0x7f})).isEqualTo("00ab7f");
    assertThat(Hex.of(new byte[] {1, 2, 3, 4}, 1, 2)).isEqualTo("0203");
    assertThat(Hex.of(new byte[0])).isEmpty();
  }

  @Test
  void decodesUpperCaseAndA0xPrefixButNothingElse() {
    assertThat(Hex.decode("0xABcd")).containsExactly(0xab, 0xcd);
    assertThat(Hex.decode("")).isEmpty();
    assertThatThrownBy(() -> Hex.decode("abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("odd-length");
    assertThatThrownBy(() -> Hex.decode("zz")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hex.decode(" ab")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isHexNeedsAnEvenNonEmptyRunOfDigits() {
    assertThat(Hex.isHex("00Ff")).isTrue();
    assertThat(Hex.isHex("")).isFalse();
    assertThat(Hex.isHex("abc")).isFalse();
    assertThat(Hex.isHex("0x00")).isFalse();
    assertThat(Hex.isHex("g0")).isFalse();
  }

  @Test
  void isHexAdmitsOnlyWhatDecodeAccepts() {
    // U+0663 and U+FF10 are digits to Character.digit, but not hex to the decoder.
    for (String s : new String[] {"\u0663\u0663", "\uff10\uff10", "0\u0661"}) {
      assertThat(Hex.isHex(s)).as(s).isFalse();
      assertThatThrownBy(() -> Hex.decode(s)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void abbreviatesOnlyLongValues() {
    assertThat(Hex.abbreviate("0123456789abcdef")).isEqualTo("0123456789abcdef");
    assertThat(Hex.abbreviate("0123456789abcdef01")).isEqualTo("01234567…ef01");
  }

  @Property
  void roundTrips(@ForAll byte[] b) {
    assertThat(Hex.decode(Hex.of(b))).isEqualTo(b);
    assertThat(Hex.decode(Hex.of(b).toUpperCase(java.util.Locale.ROOT))).isEqualTo(b);
  }
}
