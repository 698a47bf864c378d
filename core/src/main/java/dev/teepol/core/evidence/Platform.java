package dev.teepol.core.evidence;

/** What the evidence says about the machine: which TEE, whose, in debug or not, at which TCB. */
public record Platform(String tee, String vendor, boolean debug, Tcb tcb, CollateralInfo collateral) {
  public static final Platform NONE = new Platform("none", "", false, Tcb.UNKNOWN, CollateralInfo.NONE);
}
