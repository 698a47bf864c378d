package dev.teepol.cli;

import dev.teepol.cli.corpus.CorpusRunner;
import dev.teepol.cli.corpus.CorpusSummary;
import dev.teepol.core.limits.Limits;
import dev.teepol.verifier.TeepolConfigurationException;
import dev.teepol.verifier.TrustAnchorFile;
import dev.teepol.verifier.json.JsonOut;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code teepol corpus}: commands over a corpus of real evidence. */
@Command(
    name = "corpus",
    mixinStandardHelpOptions = true,
    description =
        "Commands over an evidence corpus laid out as <kind>/<case>/ (CASE.md, expected.json, evidence files).")
public final class CorpusCommand implements Callable<Integer> {
  private final CliEnvironment env;

  public CorpusCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    env.err().println("teepol: corpus: missing subcommand (see 'teepol corpus --help')");
    return ExitCodes.INPUT;
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Verify every case of a corpus: one JSON object per case (JSON Lines), then a summary line.",
        "%nPrints 'corpus: N passed, N failed, N skipped' last. Each case is verified with only the inputs"
            + " its expected.json gives for verification: the clock verify_at_unix (else verify_at; the"
            + " current time when neither is present) and the expected nonce request_nonce or nonce_hex."
            + " Evidence = the top-level files recognized by the provider whose id is the kind directory's"
            + " name; collateral = the collateral/ directory. Cases are judged against the embedded trust"
            + " anchors, or the one given with --trust-anchor; a case folder never brings its own: a"
            + " self-signed certificate in it named like an embedded anchor must be that anchor (or the"
            + " --trust-anchor), else the case FAILS. A case of a kind without a provider is"
            + " SKIPPED. passed = evaluated without an internal error, whatever the decision: the runner"
            + " never reads expected verdicts.%n"
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:no case failed",
        "1:at least one case failed",
        "2:bad usage or unreadable DIR"
      })
  Integer run(
      @Parameters(paramLabel = "DIR", description = "The corpus root: <kind>/<case>/ directories.")
          Path dir,
      @Option(
              names = "--trust-anchor",
              paramLabel = "FILE",
              description =
                  "Root certificate (DER or PEM) to trust for every case instead of the embedded default of its"
                      + " purpose (the one with the same subject, else the Intel SGX Root CA for tdx cases). The only way to"
                      + " verify a corpus against another root, e.g. a test PKI's.")
          Path trustAnchor)
      throws InputException {
    Optional<CorpusRunner.ExplicitAnchor> anchor;
    try {
      anchor =
          trustAnchor == null
              ? Optional.empty()
              : Optional.of(
                  new CorpusRunner.ExplicitAnchor(
                      trustAnchor.getFileName().toString(),
                      TrustAnchorFile.read(trustAnchor, Limits.DEFAULT).certificate()));
    } catch (TeepolConfigurationException e) {
      throw new InputException(e.where(), e.problem());
    }
    CorpusRunner runner =
        new CorpusRunner(env.providers(), env.wallClock(), Limits.DEFAULT, anchor);
    CorpusSummary summary =
        runner.run(
            dir,
            line -> {
              env.out().println(JsonOut.compact(line));
              env.out().flush();
            });
    env.out().println(summary.line());
    env.out().flush();
    return summary.failed() == 0 ? ExitCodes.ALLOW : ExitCodes.DENY;
  }
}
