package dev.teepol.verifier.review;

import dev.teepol.core.verdict.Decision;
import java.util.List;

/**
 * A fixture whose decision differs between two versions of a policy, with the checks that explain
 * it.
 *
 * @param explaining every check whose outcome differs (or that exists in one version only)
 */
public record VerdictFlip(
    String fixture, Decision before, Decision after, List<CheckChange> explaining) {
  public VerdictFlip {
    explaining = List.copyOf(explaining);
  }

  /** DENY → ALLOW: evidence the old version refused is accepted now. */
  public boolean widens() {
    return before == Decision.DENY && after == Decision.ALLOW;
  }

  /**
   * One check's outcome in each version: {@code PASS}, {@code FAIL}, {@code UNEVALUABLE}, or {@code
   * absent} when the version does not generate it.
   *
   * @param reason why it does not pass in the version where it does not
   */
  public record CheckChange(String id, String before, String after, String reason) {}
}
