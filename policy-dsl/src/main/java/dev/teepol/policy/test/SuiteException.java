package dev.teepol.policy.test;

import dev.teepol.policy.compile.Diagnostic;
import java.util.List;
import java.util.stream.Collectors;

/** A test suite that cannot be run as written, with every problem found in it. */
public final class SuiteException extends Exception {
  private final List<Diagnostic> diagnostics;
  private final String source;

  public SuiteException(List<Diagnostic> diagnostics, String source) {
    super(
        diagnostics.isEmpty()
            ? "broken suite"
            : diagnostics.get(0).pos() + ": " + diagnostics.get(0).message());
    this.diagnostics = List.copyOf(diagnostics);
    this.source = source;
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  /**
   * Every problem as {@code file:line:col: error: ...} with its source line, caret and suggestion.
   */
  public String format() {
    return diagnostics.stream().map(d -> d.format(source)).collect(Collectors.joining("\n"));
  }
}
