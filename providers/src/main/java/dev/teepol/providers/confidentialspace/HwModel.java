package dev.teepol.providers.confidentialspace;

import java.util.Arrays;
import java.util.Optional;

/**
 * The hardware a Confidential Space token's {@code hwmodel} names, and the TEE id it becomes in the
 * normalized model: the one place this mapping lives.
 */
public enum HwModel {
  GCP_INTEL_TDX("tdx"),
  GCP_AMD_SEV("sev"),
  GCP_AMD_SEV_ES("sev-es"),
  /** A Shielded VM is no TEE: its memory is readable by the host. */
  GCP_SHIELDED_VM("none");

  private final String tee;

  HwModel(String tee) {
    this.tee = tee;
  }

  /** {@code platform.tee}. */
  public String tee() {
    return tee;
  }

  public static Optional<HwModel> of(String claim) {
    return Arrays.stream(values()).filter(m -> m.name().equals(claim)).findFirst();
  }
}
