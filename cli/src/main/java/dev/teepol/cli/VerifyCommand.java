package dev.teepol.cli;

import dev.teepol.cli.output.Style;
import dev.teepol.cli.report.TextReport;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.sigstore.ReleaseFolder;
import dev.teepol.providers.sigstore.ReleaseIdentity;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.VerifyOptions;
import dev.teepol.verifier.json.JsonOut;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "verify",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Verify attestation evidence and decide with a trust policy (--policy).",
      "%nALLOW iff every provider check and every policy check passes. Prints every check (✓ pass, ✗ fail,"
          + " ? unevaluable) with its reason, the decoded measurements, the TCB status and advisories,"
          + " the collateral window and the decision. Several files are verified one after another with the"
          + " same options: text prints one report after another, json one compact document per line (JSON"
          + " Lines), and the exit code is the worst of them.%n"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ALLOW (every file)",
      "1:DENY (some file, and none was bad input)",
      "2:bad usage, input that cannot be read or decoded (one line on stderr naming the file; the other"
          + " files are still verified), or a policy that does not compile (every error on stderr as"
          + " file:line:col)"
    })
public final class VerifyCommand implements Callable<Integer> {
  private final CliEnvironment env;

  @Parameters(
      arity = "0..*",
      paramLabel = "EVIDENCE",
      description =
          "Evidence files, e.g. an Intel DCAP quote (quote.bin), or - for standard input (once). The provider is"
              + " detected from each file's content. May be left out when --release is given: the release alone"
              + " is verified.")
  List<Path> evidence = new ArrayList<>();

  @Option(
      names = "--release",
      paramLabel = "DIR",
      description =
          "A signed release verified with the evidence (repeatable): a folder holding bundle.sigstore.json, and"
              + " optionally release_artifact_digest.txt and trusted_root.json (which must be the configured"
              + " Sigstore root). Its provenance joins the evidence; Tinfoil evidence must match its registers.")
  List<Path> releases = new ArrayList<>();

  @Option(
      names = "--release-repo",
      paramLabel = "OWNER/REPO",
      description =
          "Pin the releases' signer to a GitHub Actions workflow of this repository run at a tag (repeatable;"
              + " each release must match one): OIDC issuer https://token.actions.githubusercontent.com, SAN"
              + " ^https://github.com/OWNER/REPO/.github/workflows/.*@refs/tags/ (Tinfoil's rule).")
  List<String> releaseRepos = new ArrayList<>();

  @Option(
      names = "--collateral",
      paramLabel = "DIR",
      description =
          "Directory of collateral in Intel PCS v4 shapes: tcb_info[_<fmspc>].json, qe_identity.json,"
              + " pck_crl.der, root_ca_crl.der, each with an optional <name>_issuer_chain.pem. Without it nothing is"
              + " fetched: collateral checks are UNEVALUABLE and the decision is DENY.")
  Path collateral;

  @Option(
      names = "--pcs",
      description =
          "Fetch missing DCAP collateral over HTTPS from Intel's PCS (after --collateral). Off unless given:"
              + " teepol never goes online by itself.")
  boolean pcs;

  @Option(
      names = "--pcs-url",
      paramLabel = "URL",
      description =
          "As --pcs, from another Intel PCS or PCCS v4 base URL (https://pccs.example:8081).")
  java.net.URI pcsUrl;

  @Option(
      names = "--root-ca-crl-url",
      paramLabel = "URL",
      description =
          "With --pcs or --pcs-url: fetch the Intel SGX Root CA CRL (DER) from this URL instead of Intel's"
              + " certificates site, e.g. a mirror reachable where Intel is not.")
  java.net.URI rootCaCrlUrl;

  @Option(
      names = "--nras",
      paramLabel = "DIR",
      description =
          "Directory of recorded NVIDIA NRAS material (nras_attest_gpu_response.json, nras_jwks.json) for GPU"
              + " evidence (NEAR reports, NRAS tokens) offline. Without it GPU checks are UNEVALUABLE.")
  Path nras;

  @Option(
      names = "--nras-live",
      description =
          "Ask NVIDIA's NRAS over HTTPS for GPU verdicts and its JWKS (after --nras). Off unless given.")
  boolean nrasLive;

  @Option(
      names = "--amd-certs",
      paramLabel = "DIR",
      description =
          "Directory of AMD SEV-SNP certificates (vcek.der or vlek.der, ask_ark_<product>.pem, ark.pem; DER or"
              + " PEM, found by content) and CRLs for SEV-SNP reports. They are verified to the pinned ARK of the"
              + " report's product; one that does not verify fails the chain check.")
  Path amdCerts;

  @Option(
      names = "--kds",
      paramLabel = "URL",
      arity = "0..1",
      fallbackValue = "https://kdsintf.amd.com",
      description =
          "Fetch missing SEV-SNP certificates and CRLs over HTTPS from AMD's KDS (default when given without a"
              + " value) or a mirror with its paths, after --amd-certs. Off unless given.")
  java.net.URI kds;

  @Option(
      names = "--trust-anchor",
      paramLabel = "[PURPOSE=]FILE",
      description =
          "Anchor certificate (DER or PEM) to trust instead of an embedded default; repeat it for several"
              + " purposes. PURPOSE=FILE replaces that purpose's anchor (intel-sgx-root, tpm-ak-root, amd-ark-genoa, ...)."
              + " Otherwise it replaces the default with the same subject, else the NVIDIA NRAS intermediate when it is a"
              + " CA certificate whose CN names the NVIDIA Attestation Service, else the anchor of the detected provider"
              + " (Intel SGX Root CA for tdx, NRAS intermediate for nras); an AMD ARK replaces the ARK of its product.")
  List<Path> trustAnchors = new ArrayList<>();

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description =
          "Judge the evidence as of this instant: ISO 8601 (2025-01-01T00:00:00Z) or unix seconds."
              + " Default: the current time, which the output then states.")
  String at;

  @Option(
      names = "--nonce",
      paramLabel = "HEX",
      description =
          "The freshness challenge you issued, in hex; the evidence must carry it (a provider check FAILs"
              + " otherwise). Without it the report says 'nonce: not supplied'; a policy with freshness.requireNonce denies then.")
  String nonce;

  @Option(
      names = "--nonce-text",
      paramLabel = "TEXT",
      description =
          "The freshness challenge as text (its UTF-8 bytes), instead of --nonce: what a Confidential Space"
              + " token's eat_nonce holds when the workload asked for a text nonce.")
  String nonceText;

  @Option(
      names = "--audience",
      paramLabel = "AUD",
      description =
          "The audience a token must be issued to (a Confidential Space token's aud): the value your service"
              + " asked for. Without it the audience check is UNEVALUABLE and the decision DENY, since a token"
              + " issued to another service must not pass.")
  String audience;

  @Option(
      names = "--cs-jwks",
      paramLabel = "FILE",
      description =
          "JWKS for OIDC-flavoured Confidential Space tokens (PKI tokens need none: their x5c chains to the"
              + " pinned root). A JWKS next to the evidence is never used.")
  Path csJwks;

  @Option(
      names = "--cs-jwks-live",
      description =
          "Fetch Google's Confidential Space JWKS over HTTPS for OIDC tokens (after --cs-jwks). Off unless given.")
  boolean csJwksLive;

  @Option(
      names = "--mock-key",
      paramLabel = "FILE",
      description =
          "File holding an HMAC key shared with mock attesters (repeatable; a trailing newline is ignored)."
              + " Published default keys are tried without it, and policies refuse them unless they name them.")
  List<Path> mockKeys = new ArrayList<>();

  @Option(
      names = "--mock-key-env",
      paramLabel = "VAR",
      description =
          "Environment variable holding an HMAC key shared with mock attesters (repeatable).")
  List<String> mockKeyEnv = new ArrayList<>();

  @Option(
      names = "--policy",
      paramLabel = "FILE|builtin:NAME",
      defaultValue = PolicyRefs.DEFAULT,
      description =
          "The trust policy that decides (default: ${DEFAULT-VALUE}: every provider check passes, TCB"
              + " UpToDate without advisories, no debug; see 'teepol policy show builtin:strict'). A policy that does"
              + " not compile exits 2 with every error on stderr.")
  String policy;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json prints one document"
              + " (docs/verdict-schema.md); with several files one compact document per line, in order.")
  Format format;

  @Spec CommandSpec spec;

  public VerifyCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InputException {
    Style style = Output.style(spec, env);
    if (evidence.stream().filter(p -> p.toString().equals(VerifierSetup.STDIN)).count() > 1) {
      throw new InputException("-", "standard input can be read only once");
    }
    // The policy first (build() compiles it): a broken policy is the user's to fix before any
    // evidence is judged.
    TeepolVerifier.Builder b = VerifierSetup.builder(env, at).policy(policy);
    if (collateral != null) {
      b.collateralDirectory(collateral);
    }
    if (pcsUrl != null) {
      b.pcs(pcsUrl);
    } else if (pcs) {
      b.pcs();
    }
    if (rootCaCrlUrl != null) {
      if (pcsUrl == null && !pcs) {
        throw new InputException("--root-ca-crl-url", "only with --pcs or --pcs-url");
      }
      b.pcsRootCaCrl(rootCaCrlUrl);
    }
    if (nras != null) {
      b.nrasDirectory(nras);
    }
    if (nrasLive) {
      b.nrasLive();
    }
    if (amdCerts != null) {
      b.amdCertificates(amdCerts);
    }
    if (kds != null) {
      b.kds(kds);
    }
    trustAnchors.forEach(b::trustAnchor);
    if (csJwks != null) {
      b.confidentialSpaceJwks(csJwks);
    }
    if (csJwksLive) {
      b.confidentialSpaceJwksLive();
    }
    for (Path f : mockKeys) {
      b.mockKey(VerifierSetup.mockKey(f));
    }
    for (String var : mockKeyEnv) {
      b.mockKey(VerifierSetup.mockKeyFromEnv(env, var));
    }
    VerifyOptions.Builder options = VerifyOptions.builder();
    VerifierSetup.nonce(nonce, nonceText).ifPresent(options::nonce);
    if (audience != null) {
      if (audience.isEmpty()) {
        throw new InputException("--audience", "empty audience");
      }
      options.audience(audience);
    }
    for (Path dir : releases) {
      if (!java.nio.file.Files.isRegularFile(dir.resolve(ReleaseFolder.BUNDLE))) {
        throw new InputException(
            "--release " + dir, "not a release folder: it holds no " + ReleaseFolder.BUNDLE);
      }
      options.release(dir);
    }
    for (String repo : releaseRepos) {
      try {
        options.releaseIdentity(ReleaseIdentity.githubTag(repo));
      } catch (IllegalArgumentException e) {
        throw new InputException("--release-repo " + repo, e.getMessage());
      }
    }
    if (evidence.isEmpty() && releases.isEmpty()) {
      throw new InputException(
          "Missing required parameter", "'EVIDENCE' (or --release DIR to verify a release alone)");
    }
    boolean several = evidence.size() > 1;
    PrintWriter text = style.text(env.out());
    int worst = ExitCodes.ALLOW;
    try (TeepolVerifier v = VerifierSetup.build(b, env)) {
      if (evidence.isEmpty()) {
        VerificationResult r = v.verifyReleases(options.build());
        print(r, false, text, style, 0);
        return r.allowed() ? ExitCodes.ALLOW : ExitCodes.DENY;
      }
      for (int i = 0; i < evidence.size(); i++) {
        VerificationResult r;
        try {
          r = VerifierSetup.verify(v, evidence.get(i), options.build(), env, Limits.DEFAULT);
        } catch (InputException e) {
          if (!several) {
            throw e;
          }
          // One unreadable file must not hide the verdicts on the others; it still exits 2.
          env.out().flush();
          env.err().println(e.line());
          env.err().flush();
          worst = ExitCodes.INPUT;
          continue;
        }
        print(r, several, text, style, i);
        worst = Math.max(worst, r.allowed() ? ExitCodes.ALLOW : ExitCodes.DENY);
      }
    }
    return worst;
  }

  /** One verdict: JSON (one line each when there are several), or the text report. */
  private void print(VerificationResult r, boolean several, PrintWriter text, Style style, int i) {
    if (format == Format.json) {
      env.out().println(several ? JsonOut.compact(r.toJsonObject()) : r.toJson());
    } else {
      if (i > 0 && !style.quiet()) {
        text.println();
      }
      TextReport.print(r, text, style);
      text.flush();
    }
    env.out().flush();
  }
}
