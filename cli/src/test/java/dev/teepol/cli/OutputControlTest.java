package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.cli.output.ColorMode;
import dev.teepol.cli.output.Glyphs;
import dev.teepol.cli.output.Style;
import dev.teepol.cli.output.Terminal;
import dev.teepol.cli.output.Verbosity;
import dev.teepol.core.spi.Providers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * -q, --verbose, --color, NO_COLOR and the ASCII fallbacks, with the environment injected (the real
 * one is never read).
 */
class OutputControlTest {
  static final Path TDX = ExamplesCliTest.TDX;
  static final String ESC = "\u001b[";
  static final Terminal TTY_UTF8 = new Terminal(true, true, false);
  static final Terminal TTY_ASCII = new Terminal(false, true, false);
  @TempDir Path tmp;

  private static String[] verify(String quote, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "verify",
                TDX.resolve(quote).toString(),
                "--collateral",
                TDX.resolve("collateral").toString(),
                "--trust-anchor",
                TDX.resolve("root_ca.der").toString(),
                "--at",
                ExamplesCliTest.AT));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static CliRun on(Terminal t, String... args) {
    return CliRun.on(t, Providers.load().all(), args);
  }

  @Test
  void theLocaleVariablesDecideUtf8InPosixOrderAndTheJvmOnlyWhenNoneIsSet() {
    assertThat(Terminal.detect(Map.of("LANG", "en_US.UTF-8"), "ANSI_X3.4-1968", false).utf8())
        .isTrue();
    assertThat(Terminal.detect(Map.of("LANG", "C.utf8"), "", false).utf8()).isTrue();
    // LC_ALL overrides LC_CTYPE, which overrides LANG.
    assertThat(Terminal.detect(Map.of("LC_ALL", "C", "LANG", "en_US.UTF-8"), "UTF-8", false).utf8())
        .isFalse();
    assertThat(
            Terminal.detect(Map.of("LC_CTYPE", "de_DE.UTF-8", "LANG", "POSIX"), "", false).utf8())
        .isTrue();
    // An empty variable is unset, as for the C library.
    assertThat(
            Terminal.detect(Map.of("LC_ALL", "", "LANG", "en_US.ISO-8859-1"), "UTF-8", false)
                .utf8())
        .isFalse();
    assertThat(Terminal.detect(Map.of(), "UTF-8", false).utf8()).isTrue();
    assertThat(Terminal.detect(Map.of(), "Cp1252", false).utf8()).isFalse();
  }

  @Test
  void colourIsOnOnlyOnATerminalThatDoesNotRefuseItUnlessForcedOrForbidden() {
    Terminal tty = Terminal.detect(Map.of("LANG", "C.UTF-8"), "", true);
    Terminal noColor = Terminal.detect(Map.of("LANG", "C.UTF-8", "NO_COLOR", "1"), "", true);
    Terminal dumb = Terminal.detect(Map.of("TERM", "dumb"), "UTF-8", true);
    Terminal emptyNoColor = Terminal.detect(Map.of("NO_COLOR", ""), "UTF-8", true);
    Terminal pipe = Terminal.detect(Map.of(), "UTF-8", false);
    assertThat(Style.of(tty, ColorMode.auto, Verbosity.NORMAL).color()).isTrue();
    assertThat(Style.of(noColor, ColorMode.auto, Verbosity.NORMAL).color()).isFalse();
    assertThat(Style.of(dumb, ColorMode.auto, Verbosity.NORMAL).color()).isFalse();
    assertThat(Style.of(emptyNoColor, ColorMode.auto, Verbosity.NORMAL).color()).isTrue();
    assertThat(Style.of(pipe, ColorMode.auto, Verbosity.NORMAL).color()).isFalse();
    assertThat(Style.of(pipe, ColorMode.always, Verbosity.NORMAL).color()).isTrue();
    assertThat(Style.of(noColor, ColorMode.always, Verbosity.NORMAL).color()).isTrue();
    assertThat(Style.of(tty, ColorMode.never, Verbosity.NORMAL).color()).isFalse();
  }

  @Test
  void aReportOnATerminalIsColouredAndNoColorOrAPipeTurnsItOff() {
    CliRun tty = on(TTY_UTF8, verify("broken/tcb-out-of-date/quote.bin"));
    assertThat(tty.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(tty.out()).contains(ESC + "32m✓", ESC + "31m✗", ESC + "31mDENY");
    CliRun refused = on(new Terminal(true, true, true), verify("quote.bin"));
    assertThat(refused.out()).doesNotContain(ESC).contains("✓ tdx.quote.signature");
    assertThat(CliRun.real(verify("quote.bin")).out()).doesNotContain(ESC);
    CliRun never = on(TTY_UTF8, verify("quote.bin", "--color=never"));
    assertThat(never.out()).doesNotContain(ESC);
    CliRun always = on(Terminal.PIPE_UTF8, verify("quote.bin", "--color", "always"));
    assertThat(always.out()).contains(ESC + "32m✓");
  }

  @Test
  void machineFormatsAreNeverColouredOrTransliterated() {
    CliRun json = on(TTY_ASCII, verify("quote.bin", "--format", "json", "--color=always"));
    assertThat(json.exitCode()).isEqualTo(ExitCodes.ALLOW);
    assertThat(json.out()).doesNotContain(ESC);
    assertThat(json.out().strip())
        .isEqualTo(CliRun.real(verify("quote.bin", "--format", "json")).out().strip());
  }

  @Test
  void withoutAUtf8LocaleTheSymbolsHaveAsciiFallbacks() throws Exception {
    CliRun r = on(new Terminal(false, false, false), verify("broken/tcb-out-of-date/quote.bin"));
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(r.out())
        .contains("  + tdx.quote.signature", "  x policy.tcb.status", "decision: DENY -- policy.")
        .contains("...)") // the shortened policy hash
        .doesNotContain("✓", "✗", "—", "…");
    assertThat(Glyphs.ascii("a ✓ b ✗ c › d — e → f … g ≠ h"))
        .isEqualTo("a + b x c > d -- e -> f ... g != h");
    // Text that is not one of the symbols is data, and is kept.
    assertThat(Glyphs.ascii("Zürich")).isEqualTo("Zürich");
  }

  @Test
  void quietPrintsOnlyTheFailingChecksAndTheDecisionBeforeOrAfterTheCommand() {
    CliRun after = CliRun.real(verify("broken/tcb-out-of-date/quote.bin", "-q"));
    assertThat(after.exitCode()).isEqualTo(ExitCodes.DENY);
    String quote = TDX.resolve("broken/tcb-out-of-date/quote.bin").toString();
    assertThat(after.out().lines().toList())
        .hasSize(3)
        .allMatch(l -> l.startsWith("  ✗ policy.tcb.") || l.startsWith(quote + ": decision: DENY"));
    String[] args = verify("broken/tcb-out-of-date/quote.bin");
    String[] before = new String[args.length + 1];
    before[0] = "--quiet";
    System.arraycopy(args, 0, before, 1, args.length);
    assertThat(CliRun.real(before).out()).isEqualTo(after.out());
    CliRun allowed = CliRun.real(verify("quote.bin", "-q"));
    assertThat(allowed.out().lines())
        .containsExactly(TDX.resolve("quote.bin") + ": decision: ALLOW");
  }

  @Test
  void verboseAddsCategoriesAndTheWholePolicyHashAndNonce() {
    CliRun normal = CliRun.real(verify("quote.bin"));
    CliRun verbose = CliRun.real(verify("quote.bin", "--verbose"));
    assertThat(verbose.exitCode()).isEqualTo(ExitCodes.ALLOW);
    assertThat(normal.out()).doesNotContain("SIGNATURE");
    assertThat(verbose.out())
        .containsPattern("✓ tdx\\.quote\\.signature +SIGNATURE +attestation key");
    assertThat(verbose.out()).containsPattern("sha256 [0-9a-f]{64}\\)");
    assertThat(normal.out()).containsPattern("sha256 [0-9a-f]{16}…\\)");
  }

  @Test
  void quietAndVerboseTogetherAreBadUsage() {
    CliRun r = CliRun.real(verify("quote.bin", "-q", "--verbose"));
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.errLines()).containsExactly("teepol: --quiet: cannot be combined with --verbose");
  }

  @Test
  void aBadColorValueIsBadUsage() {
    CliRun r = CliRun.real(verify("quote.bin", "--color=sometimes"));
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.err()).contains("--color", "auto, always, never");
  }

  @Test
  void lintColoursErrorsAndQuietDropsWarnings() throws Exception {
    Path warn =
        Files.writeString(
            tmp.resolve("warn.yaml"),
            "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: w}\nspec:\n"
                + "  substrate: {tee: [tdx, mock]}\n");
    CliRun normal = CliRun.real("lint", warn.toString());
    assertThat(normal.out()).contains("warning:").contains("1 warning(s)");
    CliRun quiet = CliRun.real("lint", "-q", warn.toString());
    assertThat(quiet.out()).doesNotContain("warning:").contains("0 error(s), 1 warning(s)");
    CliRun strictQuiet = CliRun.real("lint", "-q", "--strict", warn.toString());
    assertThat(strictQuiet.out()).contains("warning:");
    assertThat(strictQuiet.exitCode()).isEqualTo(ExitCodes.DENY);
    CliRun tty = on(TTY_UTF8, "lint", warn.toString());
    assertThat(tty.out()).contains(ESC + "33mwarning:");
  }
}
