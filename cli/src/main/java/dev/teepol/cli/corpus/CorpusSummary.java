package dev.teepol.cli.corpus;

/**
 * Counts of a corpus run. "passed" means evaluated without an internal error, whatever the
 * decision: the runner does not read expected verdicts.
 */
public record CorpusSummary(int passed, int failed, int skipped) {
  public static final CorpusSummary EMPTY = new CorpusSummary(0, 0, 0);

  public CorpusSummary plus(CaseStatus s) {
    return switch (s) {
      case PASSED -> new CorpusSummary(passed + 1, failed, skipped);
      case FAILED -> new CorpusSummary(passed, failed + 1, skipped);
      case SKIPPED -> new CorpusSummary(passed, failed, skipped + 1);
    };
  }

  /** The last line of {@code teepol corpus run}; CI greps it. */
  public String line() {
    return "corpus: " + passed + " passed, " + failed + " failed, " + skipped + " skipped";
  }
}
