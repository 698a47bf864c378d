package dev.teepol.policy.diff;

import dev.teepol.policy.model.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares two versions of a policy section by section (docs/reviewing-policies.md). Semantic, not
 * textual: both versions are compiled first, so comments, key order, hex case and formatting never
 * show up as changes; each section's rule ({@link SectionRule}) classifies what changed as WIDENS,
 * NARROWS, CHANGES, EQUAL or, for free CEL it cannot reason about, "cannot decide".
 *
 * <pre>{@code
 * PolicyDiff d = PolicyDiffer.diff("near.yaml", oldCompiled.policy(), newCompiled.policy());
 * if (d.effect().mayWiden()) { ... ask for a second approval ... }
 * }</pre>
 */
public final class PolicyDiffer {
  private PolicyDiffer() {}

  /** Every change between two versions of the policy at {@code path}. */
  public static PolicyDiff diff(String path, Policy before, Policy after) {
    return diff(path, before, after, List.of(SectionRule.values()));
  }

  /**
   * As above with only {@code rules}: tests take rules away to show that the guard still refuses to
   * call a change EQUAL.
   */
  static PolicyDiff diff(
      String path, Policy before, Policy after, java.util.Collection<SectionRule> rules) {
    Diffs out = new Diffs();
    for (SectionRule rule : rules) {
      rule.compare(before, after, out);
    }
    // Fail closed: a generated check that differs without a change its sections reported (a key
    // with no rule, or a rule that missed something) is "cannot decide", never "reformatted".
    CheckGuard.check(before, after, out.changes(), out);
    List<Change> changes = new ArrayList<>(out.changes());
    if (changes.isEmpty() && !before.source().equals(after.source())) {
      changes.add(
          Change.of(
              "policy",
              Effect.EQUAL,
              "reformatted: comments, key order, quoting or hex case changed; every section accepts the same evidence",
              List.of(),
              after.spec().pos()));
    }
    return new PolicyDiff(path, PolicyDiff.Status.CHANGED, changes);
  }

  /** A policy that exists only in the new version: everything it accepts is new. */
  public static PolicyDiff added(String path, Policy after) {
    return new PolicyDiff(
        path,
        PolicyDiff.Status.ADDED,
        List.of(
            Change.of(
                "policy",
                Effect.WIDENS,
                "new policy '"
                    + after.metadata().name()
                    + "': every verifier that loads it accepts what it allows",
                List.of(),
                after.spec().pos())));
  }

  /** A policy that exists only in the old version: verifiers that used it can no longer load it. */
  public static PolicyDiff removed(String path, Policy before) {
    return new PolicyDiff(
        path,
        PolicyDiff.Status.REMOVED,
        List.of(
            Change.of(
                "policy",
                Effect.NARROWS,
                "policy '" + before.metadata().name() + "' removed: nothing is accepted through it",
                List.of(),
                null)));
  }
}
