package dev.teepol.core.bytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ByteReaderTest {
  private static final byte[] DATA = {
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, (byte) 0x88, (byte) 0xff
  };

  @Test
  void littleAndBigEndianReadsAdvanceByTheirWidth() throws Exception {
    ByteReader r = new ByteReader(DATA);
    assertThat(r.u8("a")).isEqualTo(0x01);
    assertThat(r.u16le("b")).isEqualTo(0x0302);
    assertThat(r.position()).isEqualTo(3);
    assertThat(new ByteReader(DATA).u32le("c")).isEqualTo(0x04030201L);
    assertThat(new ByteReader(DATA).u64le("d")).isEqualTo(0x8807060504030201L);
    assertThat(new ByteReader(DATA).u16be("e")).isEqualTo(0x0102);
    assertThat(new ByteReader(DATA).u32be("f")).isEqualTo(0x01020304L);
    assertThat(new ByteReader(DATA).u64be("g")).isEqualTo(0x0102030405060788L);
  }

  @Test
  void unsignedValuesNeverComeOutNegative() throws Exception {
    byte[] ff = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    assertThat(new ByteReader(ff).u32le("x")).isEqualTo(0xffffffffL);
    assertThat(new ByteReader(ff).u32be("x")).isEqualTo(0xffffffffL);
    assertThat(new ByteReader(ff).u16le("x")).isEqualTo(0xffff);
    assertThat(new ByteReader(ff).u8("x")).isEqualTo(0xff);
  }

  @Test
  void aShortReadNamesTheFieldAndOffsetAndDoesNotMove() throws Exception {
    ByteReader r = new ByteReader(DATA);
    r.skip("header", 7);
    assertThatThrownBy(() -> r.u32le("body.size"))
        .isInstanceOf(ParseException.class)
        .hasMessage("body.size at offset 7: needs 4 bytes, only 2 remain")
        .satisfies(e -> assertThat(((ParseException) e).field()).isEqualTo("body.size"))
        .satisfies(e -> assertThat(((ParseException) e).offset()).isEqualTo(7));
    assertThat(r.position()).isEqualTo(7);
    assertThatThrownBy(() -> r.bytes("len", -1)).hasMessageContaining("negative length -1");
    assertThatThrownBy(() -> r.bytes("len", Integer.MAX_VALUE + 10L))
        .hasMessageContaining("only 2 remain");
  }

  @Test
  void slicesShareTheArrayAndStayInsideTheirWindow() throws Exception {
    ByteReader r = new ByteReader(DATA);
    r.skip("a", 2);
    ByteReader s = r.slice("inner", 3);
    assertThat(r.position()).isEqualTo(5);
    assertThat(s.array()).isSameAs(DATA);
    assertThat(s.position()).isEqualTo(2);
    assertThat(s.remaining()).isEqualTo(3);
    assertThat(s.bytes("all", 3)).containsExactly(0x03, 0x04, 0x05);
    assertThatThrownBy(() -> s.u8("past"))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("past at offset 5");
    assertThatThrownBy(() -> new ByteReader(DATA, 5, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ByteReader(DATA, 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void readsNeverLeaveTheWindow(
      @ForAll @Size(max = 64) byte[] data, @ForAll @IntRange(min = -2, max = 80) int n) {
    ByteReader r = new ByteReader(data);
    try {
      byte[] b = r.bytes("f", n);
      assertThat(b).hasSize(n);
      assertThat(r.remaining()).isEqualTo(data.length - n);
    } catch (ParseException e) {
      assertThat(n < 0 || n > data.length).isTrue();
      assertThat(r.position()).isZero();
    }
  }
}
