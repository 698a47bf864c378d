package dev.teepol.cli;

import dev.teepol.cli.report.JsonOut;
import dev.teepol.cli.report.TextReport;
import dev.teepol.cli.report.VerdictDocument;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "verify",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
        "Verify one piece of attestation evidence and decide with the baseline policy.",
        "%nALLOW iff every check passes and the TCB status is UpToDate. Prints every check (✓ pass, ✗ fail,"
            + " ? unevaluable) with its reason, the decoded measurements, the TCB status and advisories,"
            + " the collateral window and the decision.%n"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:ALLOW",
        "1:DENY",
        "2:bad usage, or input that cannot be read or decoded (one line on stderr naming the file)"})
public final class VerifyCommand implements Callable<Integer> {
  private final CliEnvironment env;

  @Parameters(index = "0", paramLabel = "EVIDENCE",
      description = "Evidence file, e.g. an Intel DCAP quote (quote.bin). The provider is detected from its content.")
  Path evidence;

  @Option(names = "--collateral", paramLabel = "DIR",
      description = "Directory of collateral in Intel PCS v4 shapes: tcb_info[_<fmspc>].json, qe_identity.json,"
          + " pck_crl.der, root_ca_crl.der, each with an optional <name>_issuer_chain.pem. Without it nothing is"
          + " fetched: collateral checks are UNEVALUABLE and the decision is DENY.")
  Path collateral;

  @Option(names = "--trust-anchor", paramLabel = "FILE",
      description = "Root certificate (DER or PEM) to trust instead of the embedded default. It replaces the"
          + " default with the same subject, else the root of the detected provider (Intel SGX Root CA for tdx).")
  Path trustAnchor;

  @Option(names = "--at", paramLabel = "TIME",
      description = "Judge the evidence as of this instant: ISO 8601 (2025-01-01T00:00:00Z) or unix seconds."
          + " Default: the current time, which the output then states.")
  String at;

  @Option(names = "--nonce", paramLabel = "HEX",
      description = "The freshness challenge you issued, in hex; the evidence must carry it.")
  String nonce;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json prints one document (docs/verdict-schema.md).")
  Format format;

  public VerifyCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InputException {
    Limits limits = Limits.DEFAULT;
    Clock clock = clock();
    Optional<byte[]> expectedNonce = expectedNonce();
    Optional<Path> collateralDir = collateralDir();
    Optional<X509Certificate> anchor = trustAnchor == null ? Optional.empty() : Optional.of(AnchorFiles.read(trustAnchor));
    EvidenceSource source = readEvidence(limits);

    EvidenceProvider provider = env.providers().detect(source).orElseThrow(() -> new InputException(evidence.toString(),
        "not recognized as evidence of any provider (" + env.providers().all().stream().map(EvidenceProvider::id)
            .collect(Collectors.joining(", ")) + ")"));

    Map<String, X509Certificate> anchors = new HashMap<>();
    if (anchor.isPresent()) {
      String purpose = AnchorFiles.purposeFor(anchor.get(), provider.id()).orElseThrow(() -> new InputException(
          trustAnchor.toString(), "no trust-anchor purpose for provider " + provider.id()));
      anchors.put(purpose, anchor.get());
    }
    Appraiser.Inputs inputs = new Appraiser.Inputs(clock, collateralDir, anchors, expectedNonce);
    Appraisal appraisal = Appraiser.appraise(provider, source, Appraiser.context(inputs, limits));
    var unparsable = Appraiser.parseFailure(appraisal);
    if (unparsable.isPresent()) {
      throw new InputException(evidence.toString(), unparsable.get().outcome().reason());
    }
    Verdict verdict = Appraiser.decide(appraisal);
    Verification v = new Verification(evidence.toString(), provider.id(), clock.instant(),
        at == null ? Verification.WALL_CLOCK : "--at", Appraiser.describeCollateral(collateralDir),
        trustAnchor == null ? "embedded default" : trustAnchor.toString(), appraisal, verdict);
    if (format == Format.json) {
      env.out().println(JsonOut.pretty(VerdictDocument.of(v)));
    } else {
      TextReport.print(v, env.out());
    }
    env.out().flush();
    return verdict.allowed() ? ExitCodes.ALLOW : ExitCodes.DENY;
  }

  private Clock clock() throws InputException {
    if (at == null) {
      // Read the wall clock once, so the time reported is exactly the time the provider judged at.
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
    try {
      byte[] b = Hex.decode(nonce.strip());
      if (b.length == 0) {
        throw new InputException("--nonce", "empty nonce");
      }
      return Optional.of(b);
    } catch (IllegalArgumentException e) {
      throw new InputException("--nonce", "not hex: " + e.getMessage());
    }
  }

  private Optional<Path> collateralDir() throws InputException {
    if (collateral == null) {
      return Optional.empty();
    }
    if (!Files.isDirectory(collateral)) {
      throw new InputException(collateral.toString(), Files.exists(collateral) ? "not a directory" : "no such directory");
    }
    return Optional.of(collateral);
  }

  private EvidenceSource readEvidence(Limits limits) throws InputException {
    try {
      if (Files.isDirectory(evidence)) {
        throw new InputException(evidence.toString(), "is a directory, not an evidence file");
      }
      return EvidenceSource.read(evidence, limits);
    } catch (NoSuchFileException e) {
      throw new InputException(evidence.toString(), "no such file");
    } catch (IOException e) {
      throw new InputException(evidence.toString(), "cannot read: " + e.getMessage());
    } catch (LimitExceededException e) {
      throw new InputException(evidence.toString(), e.getMessage());
    }
  }
}
