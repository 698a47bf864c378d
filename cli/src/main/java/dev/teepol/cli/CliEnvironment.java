package dev.teepol.cli;

import dev.teepol.cli.output.Terminal;
import dev.teepol.core.spi.Providers;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What the commands get from outside: the providers, the wall clock (read only when the user gave
 * no time), standard input (evidence given as {@code -}), the output streams, what the terminal can
 * show, and the environment variables (read only for options that name one, such as {@code
 * --key-env}). Tests pass their own to run the CLI in-process.
 */
public record CliEnvironment(
    Providers providers,
    Clock wallClock,
    InputStream in,
    PrintWriter out,
    PrintWriter err,
    Terminal terminal,
    Map<String, String> environment) {

  public CliEnvironment {
    environment = Map.copyOf(environment);
  }

  /** On a UTF-8 pipe (no colour), without environment variables. */
  public CliEnvironment(
      Providers providers, Clock wallClock, InputStream in, PrintWriter out, PrintWriter err) {
    this(providers, wallClock, in, out, err, Terminal.PIPE_UTF8, Map.of());
  }

  /** On this terminal, without environment variables. */
  public CliEnvironment(
      Providers providers,
      Clock wallClock,
      InputStream in,
      PrintWriter out,
      PrintWriter err,
      Terminal terminal) {
    this(providers, wallClock, in, out, err, terminal, Map.of());
  }

  /** With these environment variables, on a UTF-8 pipe. */
  public CliEnvironment(
      Providers providers,
      Clock wallClock,
      InputStream in,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> environment) {
    this(providers, wallClock, in, out, err, Terminal.PIPE_UTF8, environment);
  }

  /** Without standard input (it reads as empty) or environment variables, on a UTF-8 pipe. */
  public CliEnvironment(Providers providers, Clock wallClock, PrintWriter out, PrintWriter err) {
    this(providers, wallClock, InputStream.nullInputStream(), out, err);
  }
}
