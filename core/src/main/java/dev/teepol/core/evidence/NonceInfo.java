package dev.teepol.core.evidence;

/** The freshness challenge the caller supplied (hex) and whether the evidence carries it. */
public record NonceInfo(String expected, boolean matches) {
  public static final NonceInfo NONE = new NonceInfo("", false);
}
