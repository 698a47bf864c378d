package dev.teepol.providers.tdx.abi;

/** The report body a quote carries, with its fixed length. */
public enum BodyKind {
  /** SGX enclave report (quote v3, or v5 body type 1). */
  SGX(384),
  /** TD report of TDX 1.0 (quote v4, or v5 body type 2). */
  TD10(584),
  /** TD report of TDX 1.5 (v5 body type 3): TD 1.0 plus TEE_TCB_SVN2 and MRSERVICETD. */
  TD15(648);

  public final int length;

  BodyKind(int length) {
    this.length = length;
  }

  public boolean isTd() {
    return this != SGX;
  }
}
