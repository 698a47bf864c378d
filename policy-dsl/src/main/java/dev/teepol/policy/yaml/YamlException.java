package dev.teepol.policy.yaml;

/** The YAML itself is malformed (before any policy meaning is given to it). */
public final class YamlException extends Exception {
  private final SourcePos pos;

  public YamlException(SourcePos pos, String message) {
    super(message);
    this.pos = pos;
  }

  public SourcePos pos() {
    return pos;
  }
}
