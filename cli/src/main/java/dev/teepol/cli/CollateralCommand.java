package dev.teepol.cli;

import dev.teepol.cli.output.Style;
import dev.teepol.core.limits.Limits;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.VerifyOptions;
import dev.teepol.verifier.collateral.CollateralRecorder;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code teepol collateral}: collateral for offline verification. */
@Command(
    name = "collateral",
    mixinStandardHelpOptions = true,
    description = "Collateral for offline verification: fetch it once, verify with it any time.")
public final class CollateralCommand implements Callable<Integer> {
  private final CliEnvironment env;

  @Spec CommandSpec spec;

  public CollateralCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    env.err().println("teepol: collateral: missing subcommand (see 'teepol collateral --help')");
    return ExitCodes.INPUT;
  }

  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Fetch the collateral EVIDENCE needs and save it in the layout --collateral and --nras read.",
        "%nVerifies EVIDENCE once with the PCS/PCCS (and NRAS, with --nras-live) and saves every document"
            + " the verification fetched into DIR: tcb_info_<fmspc>.json, qe_identity_<tee>.json,"
            + " pck_crl_<ca>.der, each with its <name>_issuer_chain.pem, root_ca_crl.der, nras_jwks.json,"
            + " nras_attest_gpu_response.json. Documents are saved as served, so 'teepol verify EVIDENCE"
            + " --collateral DIR [--nras DIR] --at TIME' later judges exactly what this verification did,"
            + " offline. Prints what was saved, what was not and why, and that command.%n"
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:every document the verification asked for was saved",
        "1:a document was unavailable or could not be saved (an offline verification would lack it),"
            + " or the evidence asked for no collateral",
        "2:bad usage (no source, DIR not a directory), or evidence that cannot be read or decoded"
      })
  Integer fetch(
      @Parameters(paramLabel = "EVIDENCE", description = "The evidence to fetch collateral for.")
          Path evidence,
      @Option(
              names = "--pcs",
              description =
                  "Fetch DCAP collateral from Intel's PCS (api.trustedservices.intel.com).")
          boolean pcs,
      @Option(
              names = "--pcs-url",
              paramLabel = "URL",
              description = "Fetch DCAP collateral from another Intel PCS or a PCCS (v4 API).")
          URI pcsUrl,
      @Option(
              names = "--root-ca-crl-url",
              paramLabel = "URL",
              description =
                  "Where to fetch the Intel SGX Root CA CRL (DER) instead of Intel's certificates site,"
                      + " e.g. a mirror. Only with --pcs or --pcs-url.")
          URI rootCaCrlUrl,
      @Option(
              names = "--nras-live",
              description = "Ask NVIDIA's NRAS for the GPU verdicts and JWKS the evidence needs.")
          boolean nrasLive,
      @Option(
              names = "--out",
              required = true,
              paramLabel = "DIR",
              description =
                  "Where to save the documents (created if missing; files of the same name are replaced).")
          Path out,
      @Option(
              names = "--trust-anchor",
              paramLabel = "FILE",
              description =
                  "As for verify: only the decision printed depends on it, not what is fetched.")
          List<Path> trustAnchors,
      @Option(
              names = "--at",
              paramLabel = "TIME",
              description =
                  "Verify as of this instant (ISO 8601 or unix seconds); default the current time. The"
                      + " printed offline command repeats it.")
          String at)
      throws InputException {
    Style style = Output.style(spec, env);
    if (!pcs && pcsUrl == null && !nrasLive) {
      throw new InputException(
          "collateral fetch", "nothing to fetch from: give --pcs, --pcs-url URL or --nras-live");
    }
    if (rootCaCrlUrl != null && !pcs && pcsUrl == null) {
      throw new InputException("--root-ca-crl-url", "only with --pcs or --pcs-url");
    }
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new InputException(out.toString(), "cannot create the directory: " + e.getMessage());
    }
    CollateralRecorder recorder = new CollateralRecorder(out);
    TeepolVerifier.Builder b = VerifierSetup.builder(env, at).recordCollateral(recorder);
    if (pcsUrl != null) {
      b.pcs(pcsUrl);
    } else if (pcs) {
      b.pcs();
    }
    if (rootCaCrlUrl != null) {
      b.pcsRootCaCrl(rootCaCrlUrl);
    }
    if (nrasLive) {
      b.nrasLive();
    }
    List<Path> anchors = trustAnchors == null ? List.of() : trustAnchors;
    anchors.forEach(b::trustAnchor);
    VerificationResult r;
    try (TeepolVerifier v = VerifierSetup.build(b, env)) {
      r = VerifierSetup.verify(v, evidence, VerifyOptions.defaults(), env, Limits.DEFAULT);
    }
    PrintWriter text = style.text(env.out());
    text.println(
        "saved in "
            + out
            + ":"
            + (recorder.saved().isEmpty()
                ? " nothing"
                : style.quiet() ? " " + recorder.saved().size() + " document(s)" : ""));
    for (CollateralRecorder.Saved s :
        style.quiet() ? List.<CollateralRecorder.Saved>of() : recorder.saved()) {
      text.println(
          "  " + style.green("✓") + " " + String.join(", ", s.files()) + "  (" + s.origin() + ")");
    }
    if (!recorder.missing().isEmpty()) {
      text.println("not saved:");
      for (CollateralRecorder.Missing m : recorder.missing()) {
        text.println(
            "  "
                + style.red("✗")
                + " "
                + CollateralRecorder.describe(m.request())
                + ": "
                + m.reason());
      }
    }
    text.println(
        "verified with it: "
            + style.decision(r.decision().name())
            + " ("
            + r.provider()
            + ", at "
            + r.verifiedAt()
            + ")");
    if (recorder.savedDcap() || recorder.savedNras()) {
      List<String> cmd = new ArrayList<>(List.of("teepol", "verify", evidence.toString()));
      if (recorder.savedDcap()) {
        cmd.addAll(List.of("--collateral", out.toString()));
      }
      if (recorder.savedNras()) {
        cmd.addAll(List.of("--nras", out.toString()));
      }
      anchors.forEach(a -> cmd.addAll(List.of("--trust-anchor", a.toString())));
      cmd.addAll(List.of("--at", r.verifiedAt().toString()));
      text.println(
          "offline: " + String.join(" ", cmd.stream().map(CollateralCommand::shell).toList()));
    }
    text.flush();
    if (!recorder.anyRequest()) {
      env.err().println("teepol: " + evidence + ": the evidence asked for no collateral");
      env.err().flush();
      return ExitCodes.DENY;
    }
    return recorder.missing().isEmpty() ? ExitCodes.ALLOW : ExitCodes.DENY;
  }

  /** A word as a POSIX shell reads it back: quoted when it holds anything but safe characters. */
  static String shell(String word) {
    return word.matches("[A-Za-z0-9_./:=@%+,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
