package dev.teepol.verifier.review;

import java.util.List;

/**
 * What replaying fixtures through two versions of a policy found.
 *
 * @param replayed how many fixtures were judged by both versions
 * @param flips the fixtures whose decision differs
 * @param skipped fixtures that could not be replayed, each with why (a suite that no longer parses,
 *     evidence that cannot be read)
 */
public record ReplayReport(int replayed, List<VerdictFlip> flips, List<String> skipped) {
  public static final ReplayReport EMPTY = new ReplayReport(0, List.of(), List.of());

  public ReplayReport {
    flips = List.copyOf(flips);
    skipped = List.copyOf(skipped);
  }

  /** Flips that let in evidence the old version denied. */
  public List<VerdictFlip> widening() {
    return flips.stream().filter(VerdictFlip::widens).toList();
  }
}
