package dev.teepol.core.evidence;

/** {@code submods.gce} of a Confidential Space token: the Compute Engine VM the workload ran on. */
public record GceInstance(
    String zone, String projectId, String projectNumber, String instanceName, String instanceId) {
  public static final GceInstance NONE = new GceInstance("", "", "", "", "");
}
