package dev.teepol.providers.tdx.sim;

/** The TD report body carried by a TDX quote, with the v5 body-descriptor type and its size. */
public enum TdBodyType {
  /** TDX 1.0 report body; the only body a v4 quote can carry. */
  TD10(2, 584),
  /** TDX 1.5 report body: TD 1.0 plus TEE_TCB_SVN2 and MRSERVICETD. v5 only. */
  TD15(3, 648);

  private final int descriptorType;
  private final int size;

  TdBodyType(int descriptorType, int size) {
    this.descriptorType = descriptorType;
    this.size = size;
  }

  public int descriptorType() {
    return descriptorType;
  }

  public int size() {
    return size;
  }
}
