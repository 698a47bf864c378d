package dev.teepol.verifier.suite;

import java.util.List;
import java.util.Optional;

/**
 * One suite file's results. A suite that could not run (unreadable, malformed, its policy does not
 * compile) has a {@code broken} report and no cases: it is neither passed nor failed, it is an
 * error the author must fix.
 */
public record SuiteResult(String name, Optional<String> broken, List<CaseResult> cases) {
  public SuiteResult {
    cases = List.copyOf(cases);
  }

  public static SuiteResult broken(String name, String report) {
    return new SuiteResult(name, Optional.of(report), List.of());
  }

  public long passed() {
    return cases.stream().filter(CaseResult::passed).count();
  }

  public long failed() {
    return cases.size() - passed();
  }

  /** The suite ran, had at least one case, and every case passed. */
  public boolean ok() {
    return broken.isEmpty() && !cases.isEmpty() && failed() == 0;
  }

  /** What went wrong, for an assertion message: the broken report, or each failed case and why. */
  public String report() {
    if (broken.isPresent()) {
      return broken.get();
    }
    StringBuilder b =
        new StringBuilder(name)
            .append(": ")
            .append(passed())
            .append(" passed, ")
            .append(failed())
            .append(" failed");
    cases.stream()
        .filter(c -> !c.passed())
        .forEach(c -> b.append("\n  FAIL ").append(c.name()).append(": ").append(c.message()));
    return b.toString();
  }
}
