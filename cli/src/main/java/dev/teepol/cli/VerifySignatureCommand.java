package dev.teepol.cli;

import dev.teepol.cli.output.Style;
import dev.teepol.cli.report.TextReport;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.near.NearProvider;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.VerifyOptions;
import dev.teepol.verifier.json.AppraisalJson;
import dev.teepol.verifier.json.JsonOut;
import dev.teepol.verifier.near.ChatSignature;
import dev.teepol.verifier.near.ChatSignatureParser;
import dev.teepol.verifier.near.SignatureChecks;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "verify-signature",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Verify a NEAR AI chat signature against the attestation report that should vouch for its key.",
      "%nThe report is verified like 'teepol verify' with --policy. The signature is valid iff"
          + " its text is {model}:{sha256(request)}:{sha256(response)} ({sha256(request)}:{sha256(response)} for"
          + " signature_kind gateway), it verifies under signing_address (ecdsa: EIP-191 with address recovery;"
          + " ed25519), and that key is bound in report_data by a node the policy accepts (the gateway"
          + " for gateway signatures, a model node otherwise).%n"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the signature is valid",
      "1:the signature is invalid, or its key is not bound by an accepted attestation",
      "2:bad usage, or input that cannot be read or decoded (one line on stderr naming the file)"
    })
public final class VerifySignatureCommand implements Callable<Integer> {
  private final CliEnvironment env;

  @Spec CommandSpec spec;

  @Option(
      names = "--report",
      required = true,
      paramLabel = "REPORT",
      description =
          "NEAR attestation report (JSON, or gzip-compressed JSON) fetched with your nonce.")
  Path report;

  @Option(
      names = "--request",
      required = true,
      paramLabel = "FILE",
      description = "The exact request body bytes you sent.")
  Path request;

  @Option(
      names = "--response",
      required = true,
      paramLabel = "FILE",
      description = "The exact response body bytes you received.")
  Path response;

  @Option(
      names = "--signature",
      required = true,
      paramLabel = "FILE",
      description =
          "The signature JSON {text, signature, signing_address, signing_algo, signature_kind?}.")
  Path signature;

  @Option(
      names = "--model",
      paramLabel = "M",
      description =
          "Model id the text must name. Default: the model name the accepting node states (self-reported).")
  String model;

  @Option(
      names = "--nonce",
      paramLabel = "HEX",
      description =
          "The 32-byte nonce you requested the report with; every node must carry it. Without it the report says"
              + " 'nonce: not supplied': the key bindings still hold, but the report's freshness is not established.")
  String nonce;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = "Judge as of this instant (ISO 8601 or unix seconds). Default: now.")
  String at;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json prints one document:"
              + " {signature: {valid, kind, signing_address, checks}, report: <the verdict document of 'teepol verify'>}.")
  Format format;

  @Option(
      names = "--collateral",
      paramLabel = "DIR",
      description = "Intel PCS collateral directory (see 'teepol verify --help').")
  Path collateral;

  @Option(
      names = "--nras",
      paramLabel = "DIR",
      description =
          "Recorded NRAS material: nras_attest_gpu_response.json and the JWKS (nras_jwks.json). Without it"
              + " the GPU checks are UNEVALUABLE.")
  Path nras;

  @Option(
      names = "--policy",
      paramLabel = "FILE|builtin:NAME",
      defaultValue = PolicyRefs.DEFAULT,
      description =
          "The trust policy that judges the report and each node (default: ${DEFAULT-VALUE}). A node's key"
              + " counts only if the policy accepts that node: its own checks and the report's pass.")
  String policy;

  @Option(
      names = "--trust-anchor",
      paramLabel = "FILE",
      description =
          "Intel SGX Root CA or NVIDIA NRAS intermediate to trust instead of the embedded one; repeat for both.")
  List<Path> trustAnchors = new ArrayList<>();

  public VerifySignatureCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InputException {
    Style style = Output.style(spec, env);
    Limits limits = Limits.DEFAULT;
    TeepolVerifier.Builder b = VerifierSetup.builder(env, at).policy(policy).limits(limits);
    if (collateral != null) {
      b.collateralDirectory(collateral);
    }
    if (nras != null) {
      b.nrasDirectory(nras);
    }
    trustAnchors.forEach(b::trustAnchor);
    VerifyOptions.Builder options = VerifyOptions.builder().name(report.toString());
    expectedNonce().ifPresent(options::nonce);
    VerificationResult result;
    try (TeepolVerifier v = VerifierSetup.build(b, env)) {
      byte[] reportBytes = read(report, limits).content();
      result = v.verify(reportBytes, options.build());
    }
    if (!NearProvider.ID.equals(result.provider())) {
      throw new InputException(
          report.toString(),
          "not a NEAR attestation report"
              + (result.provider().isEmpty()
                  ? ""
                  : " (recognized as " + result.provider() + " evidence)"));
    }
    if (result.inputProblem().isPresent() && result.appraisal().components().isEmpty()) {
      throw new InputException(report.toString(), result.inputProblem().get());
    }
    byte[] requestBytes = read(request, limits).content();
    byte[] responseBytes = read(response, limits).content();
    ChatSignature sig;
    try {
      sig = ChatSignatureParser.parse(read(signature, limits).content(), limits);
    } catch (ParseException e) {
      throw new InputException(signature.toString(), e.getMessage());
    }

    // Whether a node's key is vouched for is the policy's verdict on that node: one decision
    // engine.
    List<CheckResult> checks =
        SignatureChecks.check(sig, requestBytes, responseBytes, Optional.ofNullable(model), result);
    boolean valid = checks.stream().allMatch(CheckResult::passed);
    if (format == Format.json) {
      env.out()
          .println(
              JsonOut.pretty(
                  JsonOut.JSON
                      .createObjectBuilder()
                      .add(
                          "signature",
                          JsonOut.JSON
                              .createObjectBuilder()
                              .add("valid", valid)
                              .add("kind", sig.byGateway() ? "gateway" : "model")
                              .add("signing_address", sig.signingAddress())
                              .add("checks", AppraisalJson.checks(checks)))
                      .add("report", result.toJsonObject())
                      .build()));
      env.out().flush();
      return valid ? ExitCodes.ALLOW : ExitCodes.DENY;
    }
    PrintWriter out = style.text(env.out());
    TextReport.print(result, out, style);
    out.println();
    out.println(
        "signature checks ("
            + (sig.byGateway() ? "gateway" : "model")
            + " signature by "
            + sig.signingAddress()
            + "):");
    int width = checks.stream().mapToInt(c -> c.id().length()).max().orElse(0);
    for (CheckResult c : checks) {
      if (style.quiet() && c.passed()) {
        continue;
      }
      String why = c.explanation();
      out.println(
          "  "
              + style.symbol(c.outcome())
              + " "
              + c.id()
              + " ".repeat(width - c.id().length())
              + (why.isEmpty() ? "" : "  " + why));
    }
    out.println();
    out.println("signature: " + (valid ? style.green("VALID") : style.red("INVALID")));
    out.flush();
    return valid ? ExitCodes.ALLOW : ExitCodes.DENY;
  }

  private Optional<byte[]> expectedNonce() throws InputException {
    if (nonce == null) {
      return Optional.empty();
    }
    String t = nonce.strip();
    if (!Hex.isHex(t)) {
      throw new InputException("--nonce", "not hex");
    }
    return Optional.of(Hex.decode(t.toLowerCase(java.util.Locale.ROOT)));
  }

  private static EvidenceSource read(Path file, Limits limits) throws InputException {
    try {
      if (Files.isDirectory(file)) {
        throw new InputException(file.toString(), "is a directory, not a file");
      }
      return EvidenceSource.read(file, limits);
    } catch (NoSuchFileException e) {
      throw new InputException(file.toString(), "no such file");
    } catch (IOException e) {
      throw new InputException(file.toString(), "cannot read: " + e.getMessage());
    } catch (LimitExceededException e) {
      throw new InputException(file.toString(), e.getMessage());
    }
  }
}
