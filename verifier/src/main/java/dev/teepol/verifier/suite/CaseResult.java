package dev.teepol.verifier.suite;

import java.util.List;

/** One case's result: passed iff the verdict matched every expectation. */
public record CaseResult(String name, List<String> problems) {
  public CaseResult {
    problems = List.copyOf(problems);
  }

  public boolean passed() {
    return problems.isEmpty();
  }

  /** Why it failed, on one line. */
  public String message() {
    return String.join("; ", problems);
  }
}
