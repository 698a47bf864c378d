package dev.teepol.providers.sigstore;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place a verified release becomes normalized evidence: its provenance, and the reference
 * values its predicate signs as measurements, bound by {@code signature} when the bundle verified
 * (else {@code self_reported}, which never satisfies a pin). A release attests no TEE: the platform
 * stays {@code none}.
 */
final class SigstoreEvidence {
  private SigstoreEvidence() {}

  static Evidence of(String subject, VerifiedRelease r) {
    Map<String, String> m = new LinkedHashMap<>();
    r.deployment()
        .ifPresent(
            d -> {
              m.put("measurement", d.snpMeasurement());
              m.put("rtmr1", d.rtmr1());
              m.put("rtmr2", d.rtmr2());
            });
    r.hardware()
        .ifPresent(
            h ->
                h.profiles()
                    .forEach(
                        (name, p) -> {
                          m.put("profile." + name + ".mrtd", p.mrtd());
                          m.put("profile." + name + ".rtmr0", p.rtmr0());
                        }));
    Binding how = r.verified() ? Binding.SIGNATURE : Binding.SELF_REPORTED;
    Map<String, Binding> bound = new LinkedHashMap<>();
    m.keySet().forEach(k -> bound.put("measurements." + k, how));
    if (!r.provenance().isEmpty()) {
      bound.put("provenance", how);
    }
    return Evidence.builder(SigstoreProvider.ID, subject)
        .measurements(m)
        .provenance(r.provenance())
        .bound(bound)
        .build();
  }
}
