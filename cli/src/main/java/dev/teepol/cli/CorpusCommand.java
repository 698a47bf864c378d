package dev.teepol.cli;

import static dev.teepol.verifier.json.JsonOut.JSON;

import dev.teepol.cli.corpus.CorpusCheck;
import dev.teepol.cli.corpus.CorpusRunner;
import dev.teepol.cli.corpus.CorpusSummary;
import dev.teepol.core.limits.Limits;
import dev.teepol.verifier.TeepolConfigurationException;
import dev.teepol.verifier.TrustAnchorFile;
import dev.teepol.verifier.json.JsonOut;
import jakarta.json.JsonObject;
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

  /** Formats of the last line. */
  public enum SummaryFormat {
    text,
    json
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Verify every case of a corpus: one JSON object per case (JSON Lines), then a summary line.",
        "%nThe last line is 'corpus: N decided (a ALLOW, d DENY), N skipped, N errors' (or one JSON object with"
            + " --summary json). decided = verified, whatever the decision: the runner never reads expected"
            + " verdicts; --check compares them afterwards. Each case is verified with only the inputs its"
            + " expected.json gives for verification: the clock verify_at_unix (else verify_at; the current time"
            + " when neither is present) and the expected nonce request_nonce or nonce_hex. Evidence = the"
            + " top-level files recognized by the provider whose id is the kind directory's name (a case with"
            + " several is one line: its worst file, each file under 'files'); collateral = the collateral/"
            + " directory. Cases are judged against the embedded trust anchors, or the one given with"
            + " --trust-anchor; a case folder never brings its own: a self-signed certificate in it named like an"
            + " embedded anchor must be that anchor (or the --trust-anchor), else the case is an error. A case of"
            + " a kind without a provider is SKIPPED.%n"
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:every case was decided or skipped (with --check: and every stated expectation agreed)",
        "1:a case could not be verified (error), or with --check a decision or genuine disagreed",
        "2:bad usage, an unreadable DIR, or a DIR with no case at all"
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
          Path trustAnchor,
      @Option(
              names = "--check",
              description =
                  "After deciding each case, compare its decision and genuine with its expected.json:"
                      + " {\"teepol\": {\"decision\": \"ALLOW\"|\"DENY\", \"genuine\": true|false}} (or the shared"
                      + " corpus's expected_decision / expected_genuine, and a verdict starting 'ACCEPT (genuine)')."
                      + " Each line gets a 'check' object; a disagreement exits 1.")
          boolean check,
      @Option(
              names = "--summary",
              paramLabel = "FORMAT",
              defaultValue = "text",
              description = "The last line: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
          SummaryFormat summaryFormat)
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
    CorpusCheck checker = new CorpusCheck(dir);
    CorpusSummary summary =
        runner.run(
            dir,
            line -> {
              JsonObject out = check ? checker.check(line) : line;
              env.out().println(JsonOut.compact(out));
              env.out().flush();
            });
    if (summary.decided() + summary.errors() == 0) {
      // Fail closed: a CI job pointed at the wrong directory must not go green on nothing.
      env.out().flush();
      throw new InputException(
          dir.toString(),
          summary.cases() == 0
              ? "no case found (a corpus is <kind>/<case>/ directories)"
              : "no case could be run: all "
                  + summary.skipped()
                  + " are of kinds without a provider");
    }
    if (summaryFormat == SummaryFormat.json) {
      jakarta.json.JsonObjectBuilder b = JSON.createObjectBuilder(summary.json());
      if (check) {
        b.add("agreed", checker.agreed())
            .add("disagreed", checker.disagreed())
            .add("unchecked", checker.unchecked());
      }
      env.out().println(JsonOut.compact(b.build()));
    } else {
      env.out()
          .println(
              summary.line()
                  + (check
                      ? "; check: "
                          + checker.agreed()
                          + " agreed, "
                          + checker.disagreed()
                          + " disagreed, "
                          + checker.unchecked()
                          + " without expectations"
                      : ""));
    }
    env.out().flush();
    if (check && checker.agreed() + checker.disagreed() == 0) {
      throw new InputException(
          dir.toString(), "--check: no decided case states an expectation to compare with");
    }
    return summary.errors() == 0 && checker.disagreed() == 0 ? ExitCodes.ALLOW : ExitCodes.DENY;
  }
}
