package dev.teepol.cli.output;

import dev.teepol.core.verdict.Outcome;
import java.io.PrintWriter;

/**
 * How one run prints text: colour or not, Unicode symbols or their ASCII fallbacks, and how much.
 * Machine formats (JSON, SARIF, JUnit) never go through it: their bytes do not depend on the
 * terminal.
 *
 * @param color wrap outcomes in ANSI colours
 * @param unicode print ✓ ✗ › — → …; otherwise {@link Glyphs#ascii} replaces them on the way out
 */
public record Style(boolean color, boolean unicode, Verbosity verbosity) {
  /** Plain UTF-8 text at the default detail: what tests that do not ask for more get. */
  public static final Style PLAIN = new Style(false, true, Verbosity.NORMAL);

  private static final String RESET = "\u001b[0m";
  private static final String RED = "\u001b[31m";
  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";
  private static final String BOLD = "\u001b[1m";

  /** The style the options ask for on this terminal. */
  public static Style of(Terminal t, ColorMode mode, Verbosity verbosity) {
    boolean color =
        switch (mode) {
          case always -> true;
          case never -> false;
          case auto -> t.interactive() && !t.colorRefused();
        };
    return new Style(color, t.utf8(), verbosity);
  }

  public boolean quiet() {
    return verbosity == Verbosity.QUIET;
  }

  public boolean verbose() {
    return verbosity == Verbosity.VERBOSE;
  }

  /**
   * Where a text report is printed: {@code out} itself in a UTF-8 locale, else a writer that
   * replaces the symbols with ASCII (the text itself is untouched).
   */
  public PrintWriter text(PrintWriter out) {
    return unicode ? out : new PrintWriter(new Glyphs.AsciiWriter(out), false);
  }

  /** ✓, ✗ or ? for an outcome, coloured green, red or yellow. */
  public String symbol(Outcome o) {
    if (o instanceof Outcome.Pass) {
      return green("✓");
    }
    return o instanceof Outcome.Fail ? red("✗") : yellow("?");
  }

  public String red(String s) {
    return paint(RED, s);
  }

  public String green(String s) {
    return paint(GREEN, s);
  }

  public String yellow(String s) {
    return paint(YELLOW, s);
  }

  public String bold(String s) {
    return paint(BOLD, s);
  }

  /** ALLOW in green, DENY in red: the word a reader looks for first. */
  public String decision(String decision) {
    return "ALLOW".equals(decision) ? bold(green(decision)) : bold(red(decision));
  }

  private String paint(String code, String s) {
    return color ? code + s + RESET : s;
  }
}
