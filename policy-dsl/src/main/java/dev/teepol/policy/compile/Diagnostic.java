package dev.teepol.policy.compile;

import dev.teepol.policy.yaml.SourcePos;

/** One compile error or lint warning, with where it is and, when we can guess, what was meant. */
public record Diagnostic(Severity severity, SourcePos pos, String message, String suggestion) {
  public enum Severity {
    ERROR,
    WARNING
  }

  public static Diagnostic error(SourcePos pos, String message) {
    return new Diagnostic(Severity.ERROR, pos, message, "");
  }

  public static Diagnostic warning(SourcePos pos, String message) {
    return new Diagnostic(Severity.WARNING, pos, message, "");
  }

  public Diagnostic withSuggestion(String s) {
    return new Diagnostic(severity, pos, message, s == null ? "" : s);
  }

  /**
   * {@code file:line:col: message}, then the offending line and a caret under the column, then the
   * suggestion if any — the shape compilers and editors understand.
   */
  public String format(String source) {
    StringBuilder b = new StringBuilder();
    b.append(pos)
        .append(": ")
        .append(severity == Severity.ERROR ? "error: " : "warning: ")
        .append(message);
    String line = dev.teepol.policy.yaml.YamlReader.line(source, pos.line());
    if (!line.isEmpty()) {
      b.append('\n').append("  | ").append(line).append('\n').append("  | ");
      for (int i = 1; i < pos.column(); i++) {
        b.append(i - 1 < line.length() && line.charAt(i - 1) == '\t' ? '\t' : ' ');
      }
      b.append('^');
    }
    if (!suggestion.isEmpty()) {
      b.append('\n').append("  = did you mean '").append(suggestion).append("'?");
    }
    return b.toString();
  }
}
