package dev.teepol.cli.corpus;

/** How the runner fared with a case (not whether the evidence was allowed). */
public enum CaseStatus {
  /** Evaluated without an internal error. */
  PASSED,
  /** The runner could not evaluate it: unreadable inputs, no evidence found, a provider crash. */
  FAILED,
  /** No provider for the case's kind. */
  SKIPPED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
