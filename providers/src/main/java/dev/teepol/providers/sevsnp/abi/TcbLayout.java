package dev.teepol.providers.sevsnp.abi;

/**
 * Where each security patch level sits in the 8 bytes of a TCB_VERSION (little-endian u64, byte i =
 * bits 8i..8i+7), per product (AMD SEV-SNP ABI #56860, TCB_VERSION).
 */
public enum TcbLayout {
  /** Milan and Genoa: {@code [BL, TEE, 0, 0, 0, 0, SNP, UCODE]}. */
  MILAN_GENOA(-1, 0, 1, 6, 7),
  /** Turin: {@code [FMC, BL, TEE, SNP, 0, 0, 0, UCODE]}. */
  TURIN(0, 1, 2, 3, 7);

  private final int fmc;
  private final int bl;
  private final int tee;
  private final int snp;
  private final int ucode;

  TcbLayout(int fmc, int bl, int tee, int snp, int ucode) {
    this.fmc = fmc;
    this.bl = bl;
    this.tee = tee;
    this.snp = snp;
    this.ucode = ucode;
  }

  /** The parts of {@code raw} in this layout. */
  public TcbParts parts(long raw) {
    return new TcbParts(
        fmc < 0 ? -1 : at(raw, fmc), at(raw, bl), at(raw, tee), at(raw, snp), at(raw, ucode));
  }

  /**
   * The TCB_VERSION these parts encode, the bytes this layout leaves unnamed being {@code rest}.
   */
  public long encode(TcbParts p, int[] rest) {
    long v = 0;
    int r = 0;
    for (int i = 0; i < 8; i++) {
      int b;
      if (i == fmc) {
        b = Math.max(p.fmc(), 0);
      } else if (i == bl) {
        b = p.bl();
      } else if (i == tee) {
        b = p.tee();
      } else if (i == snp) {
        b = p.snp();
      } else if (i == ucode) {
        b = p.ucode();
      } else {
        b = r < rest.length ? rest[r] : 0;
        r++;
      }
      v |= ((long) (b & 0xff)) << (8 * i);
    }
    return v;
  }

  /** Byte positions this layout does not name (the reserved SPLs), in order. */
  public int[] unnamedBytes() {
    int[] out = new int[fmc < 0 ? 4 : 3];
    int n = 0;
    for (int i = 0; i < 8; i++) {
      if (i != fmc && i != bl && i != tee && i != snp && i != ucode) {
        out[n++] = i;
      }
    }
    return out;
  }

  public boolean hasFmc() {
    return fmc >= 0;
  }

  static int at(long raw, int i) {
    return (int) ((raw >>> (8 * i)) & 0xff);
  }
}
