package dev.teepol.cli;

import dev.teepol.cli.output.Terminal;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.Providers;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Runs the CLI in-process with captured output and a fixed "wall clock". */
record CliRun(int exitCode, String out, String err) {
  static final Instant WALL = Instant.parse("2030-06-01T12:00:00Z");

  static CliRun of(List<EvidenceProvider> providers, String... args) {
    return on(Terminal.PIPE_UTF8, providers, args);
  }

  /** As if printing to {@code terminal} (its locale, whether it is a TTY, NO_COLOR). */
  static CliRun on(Terminal terminal, List<EvidenceProvider> providers, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            args,
            new CliEnvironment(
                Providers.of(providers),
                Clock.fixed(WALL, ZoneOffset.UTC),
                InputStream.nullInputStream(),
                new PrintWriter(out),
                new PrintWriter(err),
                terminal));
    return new CliRun(code, out.toString(), err.toString());
  }

  /** The real providers, with these environment variables and this standard input. */
  static CliRun withEnvironment(
      java.util.Map<String, String> environment, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            args,
            new CliEnvironment(
                Providers.load(),
                Clock.fixed(WALL, ZoneOffset.UTC),
                new java.io.ByteArrayInputStream(
                    stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                new PrintWriter(out),
                new PrintWriter(err),
                environment));
    return new CliRun(code, out.toString(), err.toString());
  }

  static CliRun fake(String... args) {
    return of(List.of(new FakeProvider()), args);
  }

  static CliRun real(String... args) {
    return of(Providers.load().all(), args);
  }

  List<String> errLines() {
    return err.lines().toList();
  }
}
