package dev.teepol.cli;

import dev.teepol.cli.report.TextReport;
import dev.teepol.cli.signature.ChatSignature;
import dev.teepol.cli.signature.ChatSignatureParser;
import dev.teepol.cli.signature.SignatureChecks;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.providers.near.NearProvider;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.providers.nras.NrasDirectoryCollateralSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "verify-signature",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
        "Verify a NEAR AI chat signature against the attestation report that should vouch for its key.",
        "%nThe report is appraised like 'teepol verify' (near provider, baseline policy). The signature is valid iff"
            + " its text is {model}:{sha256(request)}:{sha256(response)} ({sha256(request)}:{sha256(response)} for"
            + " signature_kind gateway), it verifies under signing_address (ecdsa: EIP-191 with address recovery;"
            + " ed25519), and that key is bound in report_data by a node whose appraisal was accepted (the gateway"
            + " for gateway signatures, a model node otherwise).%n"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the signature is valid",
        "1:the signature is invalid, or its key is not bound by an accepted attestation",
        "2:bad usage, or input that cannot be read or decoded (one line on stderr naming the file)"})
public final class VerifySignatureCommand implements Callable<Integer> {
  private final CliEnvironment env;

  @Option(names = "--report", required = true, paramLabel = "REPORT",
      description = "NEAR attestation report (JSON, or gzip-compressed JSON) fetched with your nonce.")
  Path report;

  @Option(names = "--request", required = true, paramLabel = "FILE", description = "The exact request body bytes you sent.")
  Path request;

  @Option(names = "--response", required = true, paramLabel = "FILE", description = "The exact response body bytes you received.")
  Path response;

  @Option(names = "--signature", required = true, paramLabel = "FILE",
      description = "The signature JSON {text, signature, signing_address, signing_algo, signature_kind?}.")
  Path signature;

  @Option(names = "--model", paramLabel = "M",
      description = "Model id the text must name. Default: the model name the accepting node states (self-reported).")
  String model;

  @Option(names = "--nonce", paramLabel = "HEX",
      description = "The 32-byte nonce you requested the report with; every node must carry it. Without it the report says"
          + " 'nonce: not supplied': the key bindings still hold, but the report's freshness is not established.")
  String nonce;

  @Option(names = "--at", paramLabel = "TIME", description = "Judge as of this instant (ISO 8601 or unix seconds). Default: now.")
  String at;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json prints one document:"
          + " {signature: {valid, kind, signing_address, checks}, report: <the verdict document of 'teepol verify'>}.")
  Format format;

  @Option(names = "--collateral", paramLabel = "DIR", description = "Intel PCS collateral directory (see 'teepol verify --help').")
  Path collateral;

  @Option(names = "--nras", paramLabel = "DIR",
      description = "Recorded NRAS material: nras_attest_gpu_response.json and the JWKS (nras_jwks.json). Without it"
          + " the GPU checks are UNEVALUABLE.")
  Path nras;

  @Option(names = "--trust-anchor", paramLabel = "FILE",
      description = "Intel SGX Root CA or NVIDIA NRAS intermediate to trust instead of the embedded one; repeat for both.")
  List<Path> trustAnchors = new ArrayList<>();

  public VerifySignatureCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InputException {
    Limits limits = Limits.DEFAULT;
    Clock clock = clock();
    Optional<Path> collateralDir = directory(collateral);
    Optional<Path> nrasDir = directory(nras);
    EvidenceSource src = read(report, limits);
    EvidenceProvider provider = env.providers().byId(NearProvider.ID)
        .orElseThrow(() -> new InputException(report.toString(), "no near provider on the class path"));
    if (!provider.recognizes(src, limits)) {
      throw new InputException(report.toString(), "not a NEAR attestation report");
    }
    byte[] requestBytes = read(request, limits).content();
    byte[] responseBytes = read(response, limits).content();
    ChatSignature sig;
    try {
      sig = ChatSignatureParser.parse(read(signature, limits).content(), limits);
    } catch (ParseException e) {
      throw new InputException(signature.toString(), e.getMessage());
    }

    Map<String, X509Certificate> anchors = AnchorFiles.byPurpose(AnchorFiles.readAll(trustAnchors), "tdx",
        "neither an Intel SGX root nor an NVIDIA NRAS CA certificate");
    AppraisalContext base = Appraiser.context(new Appraiser.Inputs(clock, collateralDir, anchors, expectedNonce()), limits);
    AppraisalContext ctx = nrasDir.<AppraisalContext>map(d -> base.withCollateral(CollateralSource.firstOf(base.collateral(),
        new NrasDirectoryCollateralSource(d, limits)))).orElse(base);
    Appraisal appraisal = Appraiser.appraise(provider, src, ctx);
    var unparsable = Appraiser.parseFailure(appraisal);
    if (unparsable.isPresent() && appraisal.components().isEmpty()) {
      throw new InputException(report.toString(), unparsable.get().outcome().reason());
    }
    // The report is shown as 'teepol verify' shows it under the default policy; whether a node's key
    // is vouched for is decided per node by the baseline (the same rules as builtin:strict).
    Optional<CompiledPolicy> policy = PolicyRefs.load(PolicyRefs.DEFAULT, env.err());
    if (policy.isEmpty()) {
      return ExitCodes.INPUT;
    }
    Verdict verdict = Appraiser.decide(appraisal, policy.get(), clock.instant());
    Verification report = new Verification(this.report.toString(), provider.id(), clock.instant(),
        at == null ? Verification.WALL_CLOCK : "--at", Appraiser.describeCollateral(collateralDir)
            + nrasDir.map(d -> "; NRAS capture " + d).orElse(""),
        Verification.describeAnchors(trustAnchors), PolicyRefs.Info.of(PolicyRefs.DEFAULT, policy.get()),
        appraisal, verdict);

    List<CheckResult> checks = SignatureChecks.check(sig, requestBytes, responseBytes, Optional.ofNullable(model), appraisal);
    boolean valid = checks.stream().allMatch(CheckResult::passed);
    if (format == Format.json) {
      env.out().println(dev.teepol.cli.report.JsonOut.pretty(dev.teepol.cli.report.JsonOut.JSON.createObjectBuilder()
          .add("signature", dev.teepol.cli.report.JsonOut.JSON.createObjectBuilder()
              .add("valid", valid)
              .add("kind", sig.byGateway() ? "gateway" : "model")
              .add("signing_address", sig.signingAddress())
              .add("checks", dev.teepol.cli.report.AppraisalJson.checks(checks)))
          .add("report", dev.teepol.cli.report.VerdictDocument.of(report))
          .build()));
      env.out().flush();
      return valid ? ExitCodes.ALLOW : ExitCodes.DENY;
    }
    TextReport.print(report, env.out());
    env.out().println();
    env.out().println("signature checks (" + (sig.byGateway() ? "gateway" : "model") + " signature by " + sig.signingAddress() + "):");
    int width = checks.stream().mapToInt(c -> c.id().length()).max().orElse(0);
    for (CheckResult c : checks) {
      String why = c.explanation();
      env.out().println("  " + TextReport.symbol(c.outcome()) + " " + c.id() + " ".repeat(width - c.id().length())
          + (why.isEmpty() ? "" : "  " + why));
    }
    env.out().println();
    env.out().println("signature: " + (valid ? "VALID" : "INVALID"));
    env.out().flush();
    return valid ? ExitCodes.ALLOW : ExitCodes.DENY;
  }

  private Clock clock() throws InputException {
    if (at == null) {
      return Clock.fixed(env.wallClock().instant(), ZoneOffset.UTC);
    }
    try {
      return Clock.fixed(Instants.parse(at), ZoneOffset.UTC);
    } catch (IllegalArgumentException e) {
      throw new InputException("--at", e.getMessage());
    }
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

  private static Optional<Path> directory(Path dir) throws InputException {
    if (dir == null) {
      return Optional.empty();
    }
    if (!Files.isDirectory(dir)) {
      throw new InputException(dir.toString(), Files.exists(dir) ? "not a directory" : "no such directory");
    }
    return Optional.of(dir);
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
