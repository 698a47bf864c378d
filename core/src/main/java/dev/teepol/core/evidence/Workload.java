package dev.teepol.core.evidence;

import java.util.List;

/** Derived workload identity; fields are filled only when the provider proved their binding. */
public record Workload(
    String appId,
    String composeHash,
    String instanceId,
    String deviceId,
    String osImageHash,
    String mrAggregated,
    List<String> imageDigests) {
  public static final Workload NONE = new Workload("", "", "", "", "", "", List.of());

  public Workload {
    imageDigests = List.copyOf(imageDigests);
  }
}
