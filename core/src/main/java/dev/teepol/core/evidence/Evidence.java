package dev.teepol.core.evidence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The normalized evidence model: one shape for every TEE (docs/architecture.md, docs/evidence-model.md). Absent parts are empty,
 * never null. Measurements are lowercase hex keyed by register name; {@code bound} says for each
 * value path how it is tied to the hardware.
 */
public record Evidence(
    String subject,
    String kind,
    Platform platform,
    Map<String, String> measurements,
    String reportData,
    Workload workload,
    Kms kms,
    List<Signer> signers,
    List<Gpu> gpus,
    List<Provenance> provenance,
    NonceInfo nonce,
    Map<String, Binding> bound) {

  public Evidence {
    measurements = unmodifiableOrdered(measurements);
    bound = unmodifiableOrdered(bound);
    signers = List.copyOf(signers);
    gpus = List.copyOf(gpus);
    provenance = List.copyOf(provenance);
  }

  /** Evidence with nothing in it, e.g. for a file that could not be parsed. */
  public static Evidence empty(String kind, String subject) {
    return new Evidence(subject, kind, Platform.NONE, Map.of(), "", Workload.NONE, Kms.NONE,
        List.of(), List.of(), List.of(), NonceInfo.NONE, Map.of());
  }

  private static <V> Map<String, V> unmodifiableOrdered(Map<String, V> m) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}
