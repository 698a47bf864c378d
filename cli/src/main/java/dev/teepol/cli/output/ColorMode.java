package dev.teepol.cli.output;

/** {@code --color=WHEN}. */
public enum ColorMode {
  /** Colour when standard output is a terminal and neither NO_COLOR nor TERM=dumb refuses it. */
  auto,
  /** Colour even into a pipe (a CI log that renders ANSI); NO_COLOR does not override it. */
  always,
  /** Never colour. */
  never
}
