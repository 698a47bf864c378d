package dev.teepol.policy.yaml;

/** A 1-based line and column in a named source file. */
public record SourcePos(String file, int line, int column) {
  public static SourcePos unknown(String file) {
    return new SourcePos(file, 0, 0);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
