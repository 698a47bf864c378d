package dev.teepol.cli.output;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code -q}, {@code --verbose} and {@code --color}: declared once on the root command and
 * inherited by every subcommand, so they go before or after the command name alike. picocli sets
 * them on this one object wherever they are given.
 */
public final class OutputOptions {
  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description =
          "Text output: only the outcome and what failed (verify: the failing checks and the decision;"
              + " test: FAIL lines and the totals; lint: errors and the totals).")
  boolean quiet;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description =
          "Text output: also what the default shortens or leaves out (verify: check categories, full"
              + " policy hash and nonce; test: every failing check of a FAIL, and each PASS's decision).")
  boolean verbose;

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      scope = ScopeType.INHERIT,
      defaultValue = "auto",
      description =
          "Colour text output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: on a terminal,"
              + " unless NO_COLOR is set or TERM=dumb). JSON, SARIF and JUnit are never coloured.")
  ColorMode color = ColorMode.auto;

  /** Both were given: they contradict each other, which is bad usage. */
  public boolean quietAndVerbose() {
    return quiet && verbose;
  }

  /** The style these options ask for on {@code terminal}. */
  public Style style(Terminal terminal) {
    Verbosity v = quiet ? Verbosity.QUIET : verbose ? Verbosity.VERBOSE : Verbosity.NORMAL;
    return Style.of(terminal, color, v);
  }
}
