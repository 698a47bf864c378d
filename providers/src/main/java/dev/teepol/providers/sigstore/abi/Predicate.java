package dev.teepol.providers.sigstore.abi;

import java.util.Map;

/**
 * The predicates teepol turns into reference values, and every other one. Register values are
 * lowercase hex of exactly 48 bytes (SHA-384 registers), checked at parse.
 */
public sealed interface Predicate
    permits Predicate.TinfoilDeployment, Predicate.HardwareMeasurements, Predicate.Other {
  String TINFOIL_DEPLOYMENT = "https://tinfoil.sh/predicate/snp-tdx-multiplatform/v1";
  String TINFOIL_HARDWARE = "https://tinfoil.sh/predicate/hardware-measurements/v1";

  /**
   * Tinfoil's deployment release ({@code snp-tdx-multiplatform/v1}): the enclave image's SEV-SNP
   * launch measurement and the TDX RTMR1/RTMR2 it produces.
   */
  record TinfoilDeployment(String snpMeasurement, String rtmr1, String rtmr2)
      implements Predicate {}

  /**
   * Tinfoil's TDX platform profiles ({@code hardware-measurements/v1}): per machine profile, the
   * MRTD and RTMR0 the firmware yields.
   */
  record HardwareMeasurements(Map<String, TdxProfile> profiles) implements Predicate {
    public HardwareMeasurements {
      profiles = Map.copyOf(profiles);
    }
  }

  /** One hardware profile. */
  record TdxProfile(String mrtd, String rtmr0) {}

  /** A predicate teepol has no reference values for; the statement still yields provenance. */
  record Other(String predicateType) implements Predicate {}
}
