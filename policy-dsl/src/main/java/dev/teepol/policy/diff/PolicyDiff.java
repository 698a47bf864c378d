package dev.teepol.policy.diff;

import java.util.List;

/**
 * The classified differences between two versions of one policy.
 *
 * @param path the policy's path (as compared), e.g. {@code policies/near.yaml}
 * @param status whether the policy was added, removed or changed between the versions
 */
public record PolicyDiff(String path, Status status, List<Change> changes) {
  /** Whether the file exists on each side. */
  public enum Status {
    CHANGED,
    ADDED,
    REMOVED
  }

  public PolicyDiff {
    changes = List.copyOf(changes);
  }

  /** The effect of every change together ({@link Effect#EQUAL} when there is none). */
  public Effect effect() {
    Effect e = Effect.EQUAL;
    for (Change c : changes) {
      e = e.and(c.effect());
    }
    return e;
  }

  /** The changes that may let in evidence denied before (widening, both, or undecided). */
  public List<Change> widening() {
    return changes.stream().filter(c -> c.effect().mayWiden()).toList();
  }
}
