package dev.teepol.core.evidence;

/**
 * What the evidence says about the machine: which TEE, whose, in debug or not, at which TCB, and
 * (TDX) the named TD attributes or (SEV-SNP) the guest policy and platform info.
 */
public record Platform(
    String tee,
    String vendor,
    boolean debug,
    Tcb tcb,
    CollateralInfo collateral,
    TdAttributes tdAttributes,
    SnpGuest snp) {
  public static final Platform NONE =
      new Platform(
          "none", "", false, Tcb.UNKNOWN, CollateralInfo.NONE, TdAttributes.NONE, SnpGuest.NONE);

  /** A platform that is not SEV-SNP. */
  public Platform(
      String tee,
      String vendor,
      boolean debug,
      Tcb tcb,
      CollateralInfo collateral,
      TdAttributes tdAttributes) {
    this(tee, vendor, debug, tcb, collateral, tdAttributes, SnpGuest.NONE);
  }

  /** A platform without TD attributes (not a TD). */
  public Platform(String tee, String vendor, boolean debug, Tcb tcb, CollateralInfo collateral) {
    this(tee, vendor, debug, tcb, collateral, TdAttributes.NONE);
  }
}
