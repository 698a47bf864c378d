package dev.teepol.providers.tdx.tcb;

import java.util.Optional;

/**
 * Intel's TCB statuses as a set of independent conditions, so that combining the platform, TDX
 * module and QE statuses is a union of conditions ("worst of") rather than a hand-written table:
 * OutOfDate plus ConfigurationNeeded is OutOfDateConfigurationNeeded, and Revoked dominates.
 */
public enum TcbStatus {
  UP_TO_DATE("UpToDate", false, false, false, false),
  SW_HARDENING_NEEDED("SWHardeningNeeded", false, false, true, false),
  CONFIGURATION_NEEDED("ConfigurationNeeded", false, true, false, false),
  CONFIGURATION_AND_SW_HARDENING_NEEDED(
      "ConfigurationAndSWHardeningNeeded", false, true, true, false),
  OUT_OF_DATE("OutOfDate", true, false, false, false),
  OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded", true, true, false, false),
  REVOKED("Revoked", false, false, false, true);

  public final String label;
  private final boolean outOfDate;
  private final boolean configuration;
  private final boolean swHardening;
  private final boolean revoked;

  TcbStatus(
      String label,
      boolean outOfDate,
      boolean configuration,
      boolean swHardening,
      boolean revoked) {
    this.label = label;
    this.outOfDate = outOfDate;
    this.configuration = configuration;
    this.swHardening = swHardening;
    this.revoked = revoked;
  }

  public static Optional<TcbStatus> parse(String label) {
    for (TcbStatus s : values()) {
      if (s.label.equals(label)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The status of a platform that has both conditions. */
  public TcbStatus merge(TcbStatus other) {
    boolean r = revoked || other.revoked;
    boolean o = outOfDate || other.outOfDate;
    boolean c = configuration || other.configuration;
    // Software hardening is subsumed once the platform is out of date (Intel has no such status).
    boolean s = (swHardening || other.swHardening) && !o;
    if (r) {
      return REVOKED;
    }
    if (o) {
      return c ? OUT_OF_DATE_CONFIGURATION_NEEDED : OUT_OF_DATE;
    }
    if (c) {
      return s ? CONFIGURATION_AND_SW_HARDENING_NEEDED : CONFIGURATION_NEEDED;
    }
    return s ? SW_HARDENING_NEEDED : UP_TO_DATE;
  }
}
