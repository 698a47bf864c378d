package dev.teepol.core.evidence;

/**
 * A Google Compute Engine VM, as the evidence names it: {@code submods.gce} of a Confidential Space
 * token (bound with the token's signature), or the extension 1.3.6.1.4.1.11129.2.1.21 of a verified
 * vTPM AK certificate ({@code bound["tpm.gce"]} is {@code signature}). One type for both, so a
 * policy compares the same fields whichever evidence named the VM. Numbers are kept as the decimal
 * strings Google prints them as (a token carries strings; the certificate's integers are rendered
 * the same way). Empty when the evidence names no VM.
 *
 * @param securityVersion the vTPM's security version from the AK certificate, 0 otherwise
 * @param production whether Google marks the vTPM as production (AK certificates only; false
 *     otherwise)
 */
public record GceInstance(
    String zone,
    String projectId,
    String projectNumber,
    String instanceName,
    String instanceId,
    long securityVersion,
    boolean production) {
  public static final GceInstance NONE = new GceInstance("", "", "", "", "");

  /** As a Confidential Space token names it: no vTPM fields. */
  public GceInstance(
      String zone, String projectId, String projectNumber, String instanceName, String instanceId) {
    this(zone, projectId, projectNumber, instanceName, instanceId, 0, false);
  }
}
