package dev.teepol.cli.policytest;

import java.util.List;
import java.util.Optional;

/**
 * One suite file's results. A suite that could not run (unreadable, malformed, its policy does
 * not compile) has a {@code broken} report and no cases: it is neither passed nor failed, it is an
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
}
