package dev.teepol.core.evidence;

import java.util.List;
import java.util.Map;

/**
 * {@code submods.container} of a Confidential Space token: the workload container the launcher
 * measured. {@code args}, {@code env} are what ran; {@code cmdOverride} and {@code envOverride} are
 * what the operator changed at launch (an image's policy decides whether that is allowed).
 */
public record CsContainer(
    String imageReference,
    String imageDigest,
    String imageId,
    String restartPolicy,
    List<String> args,
    Map<String, String> env,
    List<String> cmdOverride,
    Map<String, String> envOverride) {

  public static final CsContainer NONE =
      new CsContainer("", "", "", "", List.of(), Map.of(), List.of(), Map.of());

  public CsContainer {
    args = List.copyOf(args);
    env = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(env));
    cmdOverride = List.copyOf(cmdOverride);
    envOverride = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(envOverride));
  }
}
