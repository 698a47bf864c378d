package dev.teepol.cli;

import dev.teepol.cli.output.Terminal;
import dev.teepol.core.spi.Providers;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;

/**
 * What the commands get from outside: the providers, the wall clock (read only when the user gave
 * no time), standard input (evidence given as {@code -}), the output streams and what the terminal
 * can show. Tests pass their own to run the CLI in-process.
 */
public record CliEnvironment(
    Providers providers,
    Clock wallClock,
    InputStream in,
    PrintWriter out,
    PrintWriter err,
    Terminal terminal) {
  /** On a UTF-8 pipe (no colour). */
  public CliEnvironment(
      Providers providers, Clock wallClock, InputStream in, PrintWriter out, PrintWriter err) {
    this(providers, wallClock, in, out, err, Terminal.PIPE_UTF8);
  }

  /** Without standard input (it reads as empty), on a UTF-8 pipe. */
  public CliEnvironment(Providers providers, Clock wallClock, PrintWriter out, PrintWriter err) {
    this(providers, wallClock, InputStream.nullInputStream(), out, err);
  }
}
