package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.cli.output.Terminal;
import dev.teepol.core.spi.Providers;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Start-up: only the subcommand being run is built, and only when that cannot change what the user
 * sees; help, typos, completion and a root option with a separate value still get the whole tree.
 */
class LazyCommandTreeTest {
  private static CliEnvironment env() {
    return new CliEnvironment(
        Providers.of(List.of(new FakeProvider())),
        Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC),
        InputStream.nullInputStream(),
        new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()),
        Terminal.PIPE_UTF8);
  }

  private static List<String> subcommands(String... args) {
    return List.copyOf(Main.commandLine(env(), args).getSubcommands().keySet());
  }

  private static final List<String> ALL =
      List.of(
          "verify",
          "corpus",
          "test",
          "lint",
          "policy",
          "verify-signature",
          "inspect",
          "collateral",
          "completion",
          "mock",
          "diff",
          "pin",
          "bundle",
          "serve",
          "kms",
          "help");

  @Test
  void aNamedCommandIsTheOnlyOneBuilt() {
    assertThat(subcommands("verify", "q.bin", "--at", "2025-01-01T00:00:00Z"))
        .containsExactly("verify");
    assertThat(subcommands("-q", "--color=never", "verify-signature"))
        .containsExactly("verify-signature");
    assertThat(subcommands("policy", "show", "builtin:strict")).containsExactly("policy");
  }

  @Test
  void everythingElseGetsTheWholeTree() {
    assertThat(subcommands()).containsExactlyElementsOf(ALL);
    assertThat(subcommands("--help")).containsExactlyElementsOf(ALL);
    assertThat(subcommands("help", "verify")).containsExactlyElementsOf(ALL);
    assertThat(subcommands("verfy")).containsExactlyElementsOf(ALL);
    // completion prints a script for every command
    assertThat(subcommands("completion", "bash")).containsExactlyElementsOf(ALL);
    // "--color always verify": the first word is the option's value, not a command
    assertThat(subcommands("--color", "always", "verify")).containsExactlyElementsOf(ALL);
  }

  @Test
  void theLazyTreeBehavesLikeTheWholeOne() {
    CliRun typo = CliRun.fake("verfy");
    assertThat(typo.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(typo.err()).contains("did you mean 'verify'");
    CliRun missing = CliRun.fake("verify");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(missing.err()).contains("Missing required parameter: 'EVIDENCE'", "--release");
    CliRun separateValue = CliRun.fake("--color", "never", "policy", "list-builtins");
    assertThat(separateValue.exitCode()).isZero();
    assertThat(separateValue.out()).contains("strict");
  }
}
