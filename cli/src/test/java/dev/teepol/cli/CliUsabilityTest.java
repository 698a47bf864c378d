package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.spi.Providers;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user stumbled on (issue: the CLI a platform engineer lives in), each as a test. */
class CliUsabilityTest {
  static final Path TDX = ExamplesCliTest.TDX;
  @TempDir Path tmp;

  @Test
  void helpCommandPrintsTheCommandsHelp() {
    CliRun help = CliRun.real("help", "verify");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).isEqualTo(CliRun.real("verify", "--help").out());
    assertThat(CliRun.real("help", "lint").out()).startsWith("Usage: teepol lint");
  }

  @Test
  void typosOfCommandsAndOptionsGetADidYouMean() {
    CliRun cmd = CliRun.real("vrify", "x");
    assertThat(cmd.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(cmd.err()).contains("did you mean 'verify'");
    CliRun opt = CliRun.real("verify", "x", "--frmat", "json");
    assertThat(opt.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(opt.err()).contains("did you mean '--format'");
    assertThat(CliRun.real("lint", "--strct").err()).contains("did you mean '--strict'");
  }

  @Test
  void dashReadsTheEvidenceFromStandardInput() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment env =
        new CliEnvironment(
            Providers.load(),
            Clock.fixed(CliRun.WALL, ZoneOffset.UTC),
            new ByteArrayInputStream(Files.readAllBytes(TDX.resolve("quote.bin"))),
            new PrintWriter(out),
            new PrintWriter(err));
    int code =
        Main.run(
            new String[] {
              "verify",
              "-",
              "--collateral",
              TDX.resolve("collateral").toString(),
              "--trust-anchor",
              TDX.resolve("root_ca.der").toString(),
              "--at",
              "2025-01-01T00:00:00Z"
            },
            env);
    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.ALLOW);
    assertThat(out.toString()).contains("evidence:     (stdin) (tdx)", "decision: ALLOW");
  }

  @Test
  void aNonceNoEvidenceCanCarryIsRefused() {
    CliRun r =
        CliRun.real("verify", TDX.resolve("quote.bin").toString(), "--nonce", "ab".repeat(100));
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.err())
        .contains("--nonce: 100 bytes: no evidence carries a nonce longer than 64 bytes");
  }

  @Test
  void theWallClockIsShownToTheSecond() throws Exception {
    StringWriter out = new StringWriter();
    CliEnvironment env =
        new CliEnvironment(
            Providers.of(java.util.List.of(new FakeProvider())),
            Clock.fixed(Instant.parse("2030-06-01T12:00:00.123456789Z"), ZoneOffset.UTC),
            new PrintWriter(out),
            new PrintWriter(new StringWriter()));
    Path q = Files.write(tmp.resolve("q.bin"), FakeProvider.ALLOW);
    Main.run(new String[] {"verify", q.toString()}, env);
    assertThat(out.toString())
        .contains("verified at:  2030-06-01T12:00:00Z  (the current time")
        .doesNotContain(".123");
  }

  @Test
  void evidenceNoProviderReadsSaysWhatItIs() throws Exception {
    assertThat(unrecognized(new byte[0])).contains("empty input (0 bytes)");
    assertThat(unrecognized("{\"quote\": \"ab".getBytes(StandardCharsets.UTF_8)))
        .contains("JSON truncated at byte 13");
    assertThat(unrecognized("{\"hello\": 1}".getBytes(StandardCharsets.UTF_8)))
        .contains("well-formed JSON", "not a shape any provider reads", "top-level keys: hello");
    assertThat(unrecognized(new byte[] {(byte) 0xca, (byte) 0xfe, 1, 2}))
        .contains("4 bytes, starting 0xcafe0102");
  }

  private String unrecognized(byte[] content) throws Exception {
    Path f = Files.write(tmp.resolve("e" + content.length + ".bin"), content);
    CliRun r = CliRun.real("verify", f.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.errLines()).hasSize(1);
    return r.err();
  }

  @Test
  void theBuiltInPolicyLintsCleanEvenStrictly() {
    CliRun r = CliRun.real("lint", "--strict", "builtin:strict");
    assertThat(r.exitCode()).as(r.out()).isZero();
    assertThat(r.out()).contains("0 error(s), 0 warning(s)");
  }

  @Test
  void lintAndTestDoNotDescendIntoBuildOutputOrHiddenDirectories() throws Exception {
    String policy =
        "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: p}\nspec:\n  substrate: {tee: [tdx]}\n";
    Files.writeString(tmp.resolve("p.yaml"), policy);
    for (String skipped : new String[] {"target", ".git", "node_modules"}) {
      Path d = Files.createDirectories(tmp.resolve(skipped));
      Files.writeString(
          d.resolve("broken.yaml"),
          "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nspec: {nope: 1}\n");
    }
    CliRun r = CliRun.real("lint", tmp.toString());
    assertThat(r.out()).contains("1 policy: 0 error(s)").doesNotContain("broken.yaml");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void aCollateralFolderWithNoCollateralSaysSoAndWhatItLookedFor() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    CliRun r =
        CliRun.real(
            "verify",
            TDX.resolve("quote.bin").toString(),
            "--collateral",
            empty.toString(),
            "--trust-anchor",
            TDX.resolve("root_ca.der").toString(),
            "--at",
            "2025-01-01T00:00:00Z");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(r.out())
        .contains(empty + " holds none of the DCAP collateral files (looked for tcb_info_")
        .doesNotContain("CRL not supplied", "info not supplied", "identity not supplied");
  }

  @Test
  void aDenyHeadlinesTheCheckToLookAtFirst() {
    CliRun stale =
        CliRun.real(
            "verify",
            TDX.resolve("quote.bin").toString(),
            "--collateral",
            TDX.resolve("collateral").toString(),
            "--trust-anchor",
            TDX.resolve("root_ca.der").toString(),
            "--at",
            "2026-01-01T00:00:00Z");
    assertThat(stale.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(stale.out().lines().reduce((a, b) -> b).orElseThrow())
        .startsWith("decision: DENY — collateral: tdx.collateral.")
        .contains("nextUpdate 2025-01-14");
  }
}
