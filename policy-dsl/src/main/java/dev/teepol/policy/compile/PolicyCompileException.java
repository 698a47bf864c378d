package dev.teepol.policy.compile;

import java.util.List;
import java.util.stream.Collectors;

/** A policy that does not compile, with every error found in it. */
public final class PolicyCompileException extends Exception {
  private final List<Diagnostic> diagnostics;
  private final String source;

  public PolicyCompileException(List<Diagnostic> diagnostics, String source) {
    super(
        diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).count()
            + " error(s)");
    this.diagnostics = List.copyOf(diagnostics);
    this.source = source;
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).toList();
  }

  /** Every diagnostic formatted with its source line and caret. */
  public String format() {
    return diagnostics.stream().map(d -> d.format(source)).collect(Collectors.joining("\n"));
  }
}
