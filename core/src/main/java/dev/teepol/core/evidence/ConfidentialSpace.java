package dev.teepol.core.evidence;

import java.util.List;

/**
 * The claims of a Google Confidential Space attestation token that say what ran and where, as
 * Google's attestation service signed them (docs/providers/confidentialspace.md). The platform
 * claims also shape {@link Platform} ({@code hwmodel} → {@code platform.tee}, {@code dbgstat} →
 * {@code platform.debug}, the TDX TCB verdict → {@code platform.tcb}) and the image digest {@link
 * Workload#imageDigests()}; {@code bound["confidential_space"]} says whether the token verified
 * ({@code signature}) or merely states them ({@code self_reported}).
 *
 * @param tokenType {@code pki} (x5c chain to the Confidential Space root) or {@code oidc} (a JWKS
 *     key)
 * @param hwmodel {@code GCP_INTEL_TDX}, {@code GCP_AMD_SEV}, {@code GCP_AMD_SEV_ES}, {@code
 *     GCP_SHIELDED_VM}
 * @param dbgstat {@code disabled-since-boot} on production images; anything else is debug
 * @param swname {@code CONFIDENTIAL_SPACE}
 * @param supportAttributes {@code submods.confidential_space.support_attributes}: {@code LATEST},
 *     {@code STABLE}, {@code USABLE}, {@code EXPERIMENTAL}; production images carry {@code STABLE}
 * @param memoryMonitoring {@code submods.confidential_space.monitoring_enabled.memory}
 */
public record ConfidentialSpace(
    String tokenType,
    String issuer,
    String subject,
    String hwmodel,
    String dbgstat,
    boolean secboot,
    String swname,
    List<String> swversion,
    List<String> attesterTcb,
    List<String> supportAttributes,
    boolean memoryMonitoring,
    CsContainer container,
    GceInstance gce,
    List<String> googleServiceAccounts) {

  public static final ConfidentialSpace NONE =
      new ConfidentialSpace(
          "",
          "",
          "",
          "",
          "",
          false,
          "",
          List.of(),
          List.of(),
          List.of(),
          false,
          CsContainer.NONE,
          GceInstance.NONE,
          List.of());

  public ConfidentialSpace {
    swversion = List.copyOf(swversion);
    attesterTcb = List.copyOf(attesterTcb);
    supportAttributes = List.copyOf(supportAttributes);
    googleServiceAccounts = List.copyOf(googleServiceAccounts);
  }
}
