package dev.teepol.cli;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.Verdict;
import java.time.Instant;

/**
 * One finished verification and the inputs that shaped it, so every output format can say how the
 * decision was reached.
 *
 * @param input the evidence file as named by the user
 * @param provider id of the provider that appraised it
 * @param at the instant the evidence was judged at
 * @param clockSource where {@code at} came from: "--at", "wall clock", "verify_at_unix", ...
 * @param collateral description of the collateral source, "none" when offline without collateral
 * @param trustAnchor the anchor files that replaced defaults (comma-separated), or "embedded default"
 * @param policy the policy that decided
 */
public record Verification(
    String input,
    String provider,
    Instant at,
    String clockSource,
    String collateral,
    String trustAnchor,
    PolicyRefs.Info policy,
    Appraisal appraisal,
    Verdict verdict) {

  public static final String WALL_CLOCK = "wall clock";

  /** The {@code trustAnchor} text for the anchor files given. */
  public static String describeAnchors(java.util.List<java.nio.file.Path> files) {
    return files.isEmpty() ? "embedded default" : String.join(", ", files.stream().map(java.nio.file.Path::toString).toList());
  }

  public boolean usedWallClock() {
    return WALL_CLOCK.equals(clockSource);
  }
}
