package dev.teepol.core.evidence;

/**
 * The defined, non-debug bits of a TDX TD_ATTRIBUTES (Intel TDX module ABI), by name, so policies
 * can require or refuse them without bit arithmetic. All false for evidence that is not a TD. DEBUG
 * and the rest of the TUD group are {@link Platform#debug()}; reserved bits are refused by the
 * provider ({@code tdx.td_attributes}), so they never reach a policy.
 *
 * @param septVeDisable bit 28: EPT violations are not turned into #VE inside the TD (a guest that
 *     cannot be made to take #VE on host-controlled page faults); dcap-qvl requires it and
 *     builtin:strict does too
 * @param pks bit 30: protection keys for supervisor pages enabled
 * @param kl bit 31: Key Locker enabled
 * @param perfmon bit 63: the TD may use the performance monitoring counters
 */
public record TdAttributes(boolean septVeDisable, boolean pks, boolean kl, boolean perfmon) {
  public static final TdAttributes NONE = new TdAttributes(false, false, false, false);
}
