package dev.teepol.core.evidence;

import java.util.Locale;

/** How a value in the evidence is tied to the hardware root of trust. */
public enum Binding {
  /** Signed directly by the TEE hardware (a register in a signed quote or report). */
  HARDWARE,
  /** Reproduced by replaying an event log to a hardware-signed register. */
  REPLAY,
  /** Hashed into the signed report_data. */
  REPORT_DATA,
  /** Encoded in the signed mr_config_id / host_data. */
  MR_CONFIG,
  /** Signed by a verified key other than the hardware (e.g. a JWS from NRAS). */
  SIGNATURE,
  /** Stated by the evidence but tied to nothing: never satisfies a pin. */
  SELF_REPORTED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
