package dev.teepol.cli;

import dev.teepol.core.spi.Providers;
import java.io.PrintWriter;
import java.time.Clock;

/**
 * What the commands get from outside: the providers, the wall clock (read only when the user gave
 * no time), and the output streams. Tests pass their own to run the CLI in-process.
 */
public record CliEnvironment(Providers providers, Clock wallClock, PrintWriter out, PrintWriter err) {}
