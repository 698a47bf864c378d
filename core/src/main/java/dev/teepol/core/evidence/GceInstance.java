package dev.teepol.core.evidence;

/**
 * The Google Compute Engine instance a verified AK certificate names (extension
 * 1.3.6.1.4.1.11129.2.1.21, signed by Google's vTPM CA: {@code bound["tpm.gce"]} is {@code
 * signature}). Empty without such a certificate.
 *
 * @param securityVersion the vTPM's security version from the extension, 0 when absent
 * @param production whether Google marks the instance's vTPM as production
 */
public record GceInstance(
    String zone,
    String projectId,
    long projectNumber,
    long instanceId,
    String instanceName,
    long securityVersion,
    boolean production) {
  public static final GceInstance NONE = new GceInstance("", "", 0, 0, "", 0, false);
}
