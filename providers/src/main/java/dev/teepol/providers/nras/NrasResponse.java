package dev.teepol.providers.nras;

import java.util.Map;

/**
 * An NRAS attestation response {@code [["JWT", overall], {"GPU-0": detached, ...}]}: the overall
 * EAT and the per-device EATs in the order NRAS listed them, all as compact JWS strings.
 */
public record NrasResponse(String overall, Map<String, String> detached) {
  public NrasResponse {
    detached = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(detached));
  }
}
