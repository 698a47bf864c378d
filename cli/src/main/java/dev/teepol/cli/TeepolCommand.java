package dev.teepol.cli;

import dev.teepol.cli.output.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The root command; the subcommands do the work. */
@Command(
    name = "teepol",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Policy-as-code verifier for TEE attestation evidence: Intel TDX/SGX DCAP quotes, dstack attestations, NVIDIA NRAS GPU tokens, NEAR AI reports, Google Confidential Space tokens, and the mock development attester.",
      "Time is never read behind your back: pass --at to judge evidence as of a fixed instant."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ALLOW (test, lint, inspect, collateral fetch: success)",
      "1:DENY (test: a case failed; lint: an error; collateral fetch: a document not saved)",
      "2:bad usage, input that cannot be read or decoded, or a policy or suite that does not compile"
    },
    footer = {
      "%nverify with several evidence files exits with the worst code of them (2 > 1 > 0).",
      "Run 'teepol COMMAND --help' for the options of a command."
    })
public final class TeepolCommand implements Callable<Integer> {
  private final CliEnvironment env;

  /** -q, --verbose, --color: inherited by every subcommand, set here wherever they are given. */
  @Mixin private OutputOptions output = new OutputOptions();

  public TeepolCommand(CliEnvironment env) {
    this.env = env;
  }

  public OutputOptions output() {
    return output;
  }

  @Override
  public Integer call() {
    env.err().println("teepol: missing command (see 'teepol --help')");
    return ExitCodes.INPUT;
  }
}
