package dev.teepol.verifier.suite;

import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import java.util.List;
import java.util.Optional;

/**
 * One case's result: passed iff the verdict matched every expectation.
 *
 * @param problems how the verdict differs from the expectation; empty when the case passed
 * @param decision the decision the case got; empty when its evidence could not be verified at all
 * @param notPassing the checks of that verdict that did not pass, with their reasons, so a failed
 *     case says why the policy decided as it did and not only which ids differ
 */
public record CaseResult(
    String name, List<String> problems, Optional<Decision> decision, List<CheckResult> notPassing) {
  public CaseResult {
    problems = List.copyOf(problems);
    notPassing = List.copyOf(notPassing);
  }

  /** A case without a verdict (its evidence could not be verified, or the runner failed). */
  public CaseResult(String name, List<String> problems) {
    this(name, problems, Optional.empty(), List.of());
  }

  public boolean passed() {
    return problems.isEmpty();
  }

  /** Why it failed, on one line. */
  public String message() {
    return String.join("; ", problems);
  }
}
