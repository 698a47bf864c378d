package dev.teepol.cli;

import dev.teepol.cli.output.Style;
import dev.teepol.cli.report.InspectText;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.verifier.Inspection;
import dev.teepol.verifier.TeepolVerifier;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code teepol inspect}: decode evidence without verifying it, in the manner of {@code dcap-qvl
 * decode} and go-sev-guest's {@code show}.
 */
@Command(
    name = "inspect",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Decode evidence WITHOUT verifying it: every field, for reading and debugging.",
      "%nIntel DCAP quotes: header, the report body with every register, the signature data (attestation"
          + " key, QE report, QE auth data, certification data type, the PCK chain's subjects, validity and"
          + " serials, the PCK extension's FMSPC, PCE ID and TCB components). dstack: every document member,"
          + " the quote and each event of the log. NEAR: each node. NRAS: each token's header and claims."
          + " Other evidence: the normalized evidence of an offline appraisal. Nothing is fetched, no"
          + " signature or chain is checked and no policy runs: 'teepol verify' does that.%n"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:decoded",
      "2:bad usage, or evidence that cannot be read, recognized or decoded (one line on stderr)"
    })
public final class InspectCommand implements Callable<Integer> {
  private final CliEnvironment env;

  @Parameters(
      paramLabel = "EVIDENCE",
      description =
          "Evidence file, or - for standard input; the provider is detected from its content.")
  Path evidence;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json prints one document"
              + " (docs/verdict-schema.md, teepol inspect).")
  Format format;

  @Spec CommandSpec spec;

  public InspectCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InputException {
    Style style = Output.style(spec, env);
    Inspection i;
    // Decoding judges nothing, so no clock is read: the generic fallback appraises at the epoch,
    // and what it shows does not depend on the time.
    try (TeepolVerifier v =
        TeepolVerifier.builder()
            .providers(env.providers())
            .clock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
            .build()) {
      i = inspect(v);
    }
    if (i.problem().isPresent()) {
      throw new InputException(evidence.toString(), i.problem().get());
    }
    if (format == Format.json) {
      env.out().println(i.toJson());
    } else {
      InspectText.print(i, style.text(env.out()));
    }
    env.out().flush();
    return ExitCodes.ALLOW;
  }

  private Inspection inspect(TeepolVerifier v) throws InputException {
    String name = evidence.toString();
    try {
      if (name.equals(VerifierSetup.STDIN)) {
        byte[] bytes =
            BoundedFiles.read(
                env.in(),
                (int) Math.min(Integer.MAX_VALUE - 16, Limits.DEFAULT.maxEvidenceBytes()),
                "standard input");
        return v.inspect(bytes, "(stdin)");
      }
      return v.inspect(evidence);
    } catch (LimitExceededException e) {
      throw new InputException(name, e.getMessage());
    } catch (NoSuchFileException e) {
      throw new InputException(name, "no such file");
    } catch (IOException e) {
      throw new InputException(
          name,
          e.getMessage().startsWith(name)
              ? e.getMessage().substring(name.length()).strip()
              : "cannot read: " + e.getMessage());
    }
  }
}
