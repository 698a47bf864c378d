package dev.teepol.providers.dstack;

import java.util.Map;
import java.util.Optional;

/**
 * What a dstack {@code info}/{@code tcb_info} document states about the app. Nothing here is
 * evidence: every field is self-reported until the provider ties it to a replayed register.
 */
public record DstackInfo(Map<String, String> fields) {
  public static final DstackInfo NONE = new DstackInfo(Map.of());

  public DstackInfo {
    // In the order given (Map.copyOf's order changes from run to run, and so would the reports).
    fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(fields.get(key));
  }
}
