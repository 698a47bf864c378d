package dev.teepol.core.evidence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The platform's TCB as judged by the vendor's signed TCB data. {@code status} is the vendor's word
 * ({@code UpToDate}, {@code OutOfDate}, ...) or empty when it could not be judged.
 */
public record Tcb(
    String status,
    List<String> advisoryIds,
    Optional<Instant> tcbDate,
    long evalDataNumber,
    Map<String, String> components) {

  public static final Tcb UNKNOWN = new Tcb("", List.of(), Optional.empty(), -1, Map.of());

  public Tcb {
    advisoryIds = List.copyOf(advisoryIds);
    components = Map.copyOf(components);
  }
}
