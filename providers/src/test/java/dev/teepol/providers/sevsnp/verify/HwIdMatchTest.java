package dev.teepol.providers.sevsnp.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.providers.sevsnp.abi.Product;
import dev.teepol.providers.sevsnp.abi.SnpReportParser;
import dev.teepol.providers.sevsnp.abi.TcbLayout;
import dev.teepol.providers.sevsnp.sim.SimSnp;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The VCEK's hwID against the report's CHIP_ID, per product (PIT: the Turin zero check survived).
 */
class HwIdMatchTest {
  private static byte[] chip(int len) {
    byte[] c = new byte[64];
    for (int i = 0; i < len; i++) {
      c[i] = (byte) (i + 1);
    }
    return c;
  }

  @Test
  void turinBindsTheEightBytePrefixAndRequiresTheRestZero() {
    byte[] chipId = chip(8);
    byte[] hwId = Arrays.copyOf(chipId, 8);
    assertThat(SnpVerifier.hwIdMatches(hwId, chipId, Product.TURIN)).isTrue();
    for (int i : new int[] {8, 40, 63}) {
      byte[] other = chipId.clone();
      other[i] = 1;
      assertThat(SnpVerifier.hwIdMatches(hwId, other, Product.TURIN)).as("byte %d", i).isFalse();
    }
    byte[] wrongPrefix = hwId.clone();
    wrongPrefix[7] ^= 1;
    assertThat(SnpVerifier.hwIdMatches(wrongPrefix, chipId, Product.TURIN)).isFalse();
    assertThat(SnpVerifier.hwIdMatches(chipId, chipId, Product.TURIN))
        .as("a 64-byte hwID is not Turin's")
        .isFalse();
  }

  @Test
  void milanAndGenoaBindAllSixtyFourBytes() {
    byte[] chipId = chip(64);
    for (Product p : new Product[] {Product.MILAN, Product.GENOA}) {
      assertThat(SnpVerifier.hwIdMatches(chipId.clone(), chipId, p)).isTrue();
      byte[] other = chipId.clone();
      other[63] ^= 1;
      assertThat(SnpVerifier.hwIdMatches(other, chipId, p)).isFalse();
      assertThat(SnpVerifier.hwIdMatches(Arrays.copyOf(chipId, 8), chipId, p)).isFalse();
    }
  }

  /**
   * A v2 report cannot be Turin, so without a product its layout is Milan/Genoa's; v3+ has none.
   */
  @Test
  void onlyAVersion2ReportHasALayoutWithoutAProduct() throws Exception {
    assertThat(
            SnpVerifier.layoutWithoutProduct(
                SnpReportParser.parse(SimSnp.builder().version(2).build().report())))
        .contains(TcbLayout.MILAN_GENOA);
    assertThat(
            SnpVerifier.layoutWithoutProduct(
                SnpReportParser.parse(SimSnp.builder().version(3).build().report())))
        .isEmpty();
  }
}
