package dev.teepol.providers.sevsnp.abi;

import java.util.ArrayList;
import java.util.List;

/**
 * PLATFORM_INFO: the state of the platform when the report was made (AMD SEV-SNP ABI #56860, rev.
 * 1.58): what the host configured, not what the guest asked for. Bits newer firmware defines are
 * reported, never refused: the real Turin report in the corpus sets bit 6 (IOMMU_WRITE_SAFE), which
 * older readers (go-sev-guest) reject as reserved.
 */
public record PlatformInfo(long raw) {
  /** The named bits in ABI order. */
  public enum Bit {
    SMT_EN(0),
    TSME_EN(1),
    ECC_EN(2),
    RAPL_DIS(3),
    CIPHERTEXT_HIDING_DRAM_EN(4),
    ALIAS_CHECK_COMPLETE(5),
    IOMMU_WRITE_SAFE(6),
    TIO_EN(7);

    private final int position;

    Bit(int position) {
      this.position = position;
    }

    public int position() {
      return position;
    }
  }

  private static final long KNOWN = 0xffL;

  public boolean is(Bit b) {
    return (raw >>> b.position) % 2 != 0;
  }

  /** The names of the bits set, and {@code bit N} for any bit no ABI revision names yet. */
  public List<String> setBits() {
    List<String> out = new ArrayList<>();
    for (Bit b : Bit.values()) {
      if (is(b)) {
        out.add(b.name());
      }
    }
    long unknown = raw & ~KNOWN;
    for (int i = 0; i < 64; i++) {
      if ((unknown >>> i) % 2 != 0) {
        out.add("bit " + i);
      }
    }
    return out;
  }
}
