package dev.teepol.server.policy;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The policies served at one time, by {@code metadata.name}: replaced whole, never edited, so a
 * request sees one consistent set from start to end.
 *
 * @param digest SHA-256 over the directory's policy and suite files (names and contents): the same
 *     digest means nothing changed
 */
public record PolicySet(Map<String, LoadedPolicy> byName, String digest, Instant loadedAt) {
  public PolicySet {
    byName = java.util.Collections.unmodifiableMap(new TreeMap<>(byName));
  }

  public Optional<LoadedPolicy> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collection<LoadedPolicy> all() {
    return byName.values();
  }
}
