package dev.teepol.core.verdict;

import java.util.List;
import java.util.Map;

/**
 * The decision and every check behind it. ALLOW iff every check passed and there was at least one.
 */
public record Verdict(Decision decision, List<CheckResult> checks, Map<String, Object> outputs) {

  public Verdict {
    checks = List.copyOf(checks);
    outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
  }

  public static Verdict of(List<CheckResult> checks, Map<String, Object> outputs) {
    boolean allow = !checks.isEmpty() && checks.stream().allMatch(CheckResult::passed);
    return new Verdict(allow ? Decision.ALLOW : Decision.DENY, checks, outputs);
  }

  public boolean allowed() {
    return decision == Decision.ALLOW;
  }
}
