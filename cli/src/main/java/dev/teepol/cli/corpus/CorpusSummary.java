package dev.teepol.cli.corpus;

import static dev.teepol.verifier.json.JsonOut.JSON;

import jakarta.json.JsonObject;

/**
 * Counts of a corpus run. "decided" means the case was verified and has a decision, ALLOW or DENY,
 * whatever it was: the runner does not read expected verdicts (only {@code --check} does, after
 * deciding). "errors" are cases the runner could not verify at all.
 *
 * @param allowed decided ALLOW
 * @param denied decided DENY
 * @param skipped no provider for the case's kind
 * @param errors could not be verified (unreadable inputs, no evidence, a provider crash)
 */
public record CorpusSummary(int allowed, int denied, int skipped, int errors) {
  public static final CorpusSummary EMPTY = new CorpusSummary(0, 0, 0, 0);

  /** Adds one case line. */
  public CorpusSummary plus(JsonObject line) {
    return switch (CaseStatus.valueOf(
        line.getString("status").toUpperCase(java.util.Locale.ROOT))) {
      case PASSED ->
          "ALLOW".equals(line.getString("decision"))
              ? new CorpusSummary(allowed + 1, denied, skipped, errors)
              : new CorpusSummary(allowed, denied + 1, skipped, errors);
      case FAILED -> new CorpusSummary(allowed, denied, skipped, errors + 1);
      case SKIPPED -> new CorpusSummary(allowed, denied, skipped + 1, errors);
    };
  }

  public int decided() {
    return allowed + denied;
  }

  /** Cases seen at all; zero means the directory held no corpus. */
  public int cases() {
    return decided() + skipped + errors;
  }

  /** The last line of {@code teepol corpus run}; CI greps it. */
  public String line() {
    return "corpus: "
        + decided()
        + " decided ("
        + allowed
        + " ALLOW, "
        + denied
        + " DENY), "
        + skipped
        + " skipped, "
        + errors
        + " errors";
  }

  /** The same as one JSON object, for {@code --summary json}. */
  public JsonObject json() {
    return JSON.createObjectBuilder()
        .add("decided", decided())
        .add("allow", allowed)
        .add("deny", denied)
        .add("skipped", skipped)
        .add("errors", errors)
        .build();
  }
}
