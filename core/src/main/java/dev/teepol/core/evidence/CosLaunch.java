package dev.teepol.core.evidence;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The container the Confidential Space / COS launcher measured into PCR 13 (canonical event log),
 * decoded only from records that replay to the quoted PCR 13 and whose content hashes to their
 * digests. Empty when the attestation carries no canonical event log.
 *
 * @param restartPolicy {@code Always}, {@code OnFailure} or {@code Never}
 * @param env environment variables, name → value
 * @param launchSeparator the launcher measured its separator: nothing after it is the container's
 *     configuration
 */
public record CosLaunch(
    String imageReference,
    String imageDigest,
    String imageId,
    String restartPolicy,
    List<String> args,
    Map<String, String> env,
    List<String> overriddenArgs,
    Map<String, String> overriddenEnv,
    boolean launchSeparator) {
  public static final CosLaunch NONE =
      new CosLaunch("", "", "", "", List.of(), Map.of(), List.of(), Map.of(), false);

  public CosLaunch {
    args = List.copyOf(args);
    env = sorted(env);
    overriddenArgs = List.copyOf(overriddenArgs);
    overriddenEnv = sorted(overriddenEnv);
  }

  /** Sorted by name, so reports list the variables in a stable order. */
  private static Map<String, String> sorted(Map<String, String> m) {
    return Collections.unmodifiableMap(new TreeMap<>(m));
  }
}
