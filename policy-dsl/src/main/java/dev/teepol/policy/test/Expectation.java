package dev.teepol.policy.test;

import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.yaml.SourcePos;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a case expects: the decision, optionally the exact set of checks that do not pass, and
 * optionally the values of named outputs.
 *
 * @param outputs output name → expected plain value (String, Long, Double, Boolean, List, Map)
 * @param outputPositions where each expected output was written, for errors about unknown names
 */
public record Expectation(
    Decision decision,
    Optional<Set<String>> failing,
    Map<String, Object> outputs,
    Map<String, SourcePos> outputPositions) {

  public Expectation {
    failing = failing.map(f -> java.util.Collections.unmodifiableSet(new LinkedHashSet<>(f)));
    outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    outputPositions = Map.copyOf(outputPositions);
  }

  /**
   * Every way the verdict differs from this expectation, worded for the person fixing it; empty
   * when it matches.
   */
  public List<String> mismatches(Verdict v) {
    List<String> out = new ArrayList<>();
    Set<String> notPassing =
        new TreeSet<>(v.checks().stream().filter(c -> !c.passed()).map(CheckResult::id).toList());
    if (v.decision() != decision) {
      // Without an explicit failing list, name what denied so the failure is actionable.
      out.add(
          "expected "
              + decision
              + ", got "
              + v.decision()
              + (failing.isEmpty() && !notPassing.isEmpty()
                  ? " (failing: " + notPassing + ")"
                  : ""));
    }
    failing.ifPresent(
        want -> {
          Set<String> unexpected = new TreeSet<>(notPassing);
          unexpected.removeAll(want);
          Set<String> missing = new TreeSet<>(want);
          missing.removeAll(notPassing);
          if (!unexpected.isEmpty()) {
            out.add("unexpected failing checks " + unexpected);
          }
          if (!missing.isEmpty()) {
            out.add("expected failing checks that did not fail " + missing);
          }
        });
    outputs.forEach(
        (name, want) -> {
          Object got = v.outputs().get(name);
          if (got == null) {
            out.add("output " + name + ": expected " + show(want) + ", got none");
          } else if (!sameValue(want, got)) {
            out.add("output " + name + ": expected " + show(want) + ", got " + show(got));
          }
        });
    return out;
  }

  /** YAML cannot tell 2 from 2.0 the way CEL does, so numbers compare by value. */
  static boolean sameValue(Object want, Object got) {
    if (want instanceof Number a && got instanceof Number b) {
      return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
    }
    if (want instanceof List<?> a && got instanceof List<?> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameValue(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (want instanceof Map<?, ?> a && got instanceof Map<?, ?> b) {
      return a.keySet().equals(b.keySet())
          && a.keySet().stream().allMatch(k -> sameValue(a.get(k), b.get(k)));
    }
    return Objects.equals(want, got);
  }

  private static String show(Object v) {
    return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
  }
}
