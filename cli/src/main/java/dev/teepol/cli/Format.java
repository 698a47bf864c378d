package dev.teepol.cli;

/** Output formats of {@code teepol verify}. */
public enum Format {
  text,
  json
}
