package dev.teepol.cli;

import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.policy.compile.Policies;
import dev.teepol.providers.sigstore.ReleaseIdentity;
import dev.teepol.verifier.bundle.BundleException;
import dev.teepol.verifier.bundle.PolicyBundle;
import dev.teepol.verifier.bundle.PolicyBundles;
import dev.teepol.verifier.bundle.SignedBundles;
import dev.teepol.verifier.bundle.SigstoreSigners;
import dev.teepol.verifier.bundle.TrustedSigners;
import dev.teepol.verifier.bundle.VerifiedBundle;
import dev.teepol.verifier.bundle.VersionFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code teepol bundle create|sign|verify}: signed policy releases (docs/policy-bundles.md). */
@Command(
    name = "bundle",
    mixinStandardHelpOptions = true,
    description = {
      "Release policies as one signed file that verifiers embedding teepol load"
          + " (TeepolVerifier.builder().policyBundle(path, trustedSigners)). See docs/policy-bundles.md."
    },
    subcommands = {
      BundleCommand.Create.class,
      BundleCommand.Sign.class,
      BundleCommand.Verify.class
    })
public final class BundleCommand implements Callable<Integer> {
  private final CliEnvironment env;

  public BundleCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    env.err()
        .println(
            "teepol: bundle needs a command: create, sign or verify (see 'teepol bundle --help')");
    return ExitCodes.INPUT;
  }

  static byte[] read(Path f) throws InputException {
    try {
      return BoundedFiles.read(f, Limits.MAX_POLICY_BUNDLE_BYTES * 2L, f.toString());
    } catch (LimitExceededException | IOException e) {
      throw new InputException(f.toString(), e.getMessage());
    }
  }

  static void write(Path out, byte[] bytes, CliEnvironment env) throws InputException {
    if (out == null) {
      env.out().print(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
      env.out().flush();
      return;
    }
    try {
      Files.write(out, bytes);
    } catch (IOException e) {
      throw new InputException(out.toString(), "cannot write: " + e.getMessage());
    }
  }

  /** {@code teepol bundle create DIR --version N}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "Pack the policies and *.tests.yaml suites under DIR, with the SHA-256 of every evidence file their cases name, into one canonical bundle.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:written",
        "2:bad usage, a policy that does not compile, a suite that cannot be read"
      })
  static final class Create implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand BundleCommand parent;

    @Parameters(paramLabel = "DIR", description = "The policy directory.")
    Path dir;

    @Option(
        names = "--version",
        required = true,
        paramLabel = "N",
        description =
            "The release number: a positive integer, higher than every bundle released before.")
    long version;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "The bundle's name (default: the directory's name).")
    String name;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Where to write the bundle (default: standard output).")
    Path output;

    @Override
    public Integer call() throws InputException {
      if (!Files.isDirectory(dir)) {
        throw new InputException(dir.toString(), "not a directory");
      }
      List<Path> policies = new ArrayList<>();
      List<Path> suites = new ArrayList<>();
      try {
        for (Path f : SourceTree.files(dir, p -> p.getFileName().toString().endsWith(".yaml"))) {
          if (f.getFileName().toString().endsWith(".tests.yaml")) {
            suites.add(f);
          } else if (Policies.declaresPolicy(
              new String(BoundedFiles.head(f, 8 << 10), java.nio.charset.StandardCharsets.UTF_8))) {
            policies.add(f);
          }
        }
      } catch (IOException e) {
        throw new InputException(dir.toString(), "cannot list: " + e.getMessage());
      }
      String n = name != null ? name : dir.toAbsolutePath().normalize().getFileName().toString();
      try {
        PolicyBundle b = PolicyBundles.create(dir, policies, suites, n, version);
        write(output, b.canonicalBytes(), parent.env);
        parent
            .env
            .err()
            .println(
                "teepol: bundle "
                    + b.name()
                    + " v"
                    + b.version()
                    + ": "
                    + b.policies().size()
                    + " policies, "
                    + b.suites().size()
                    + " suites, "
                    + b.fixtures().size()
                    + " fixture digests, sha256 "
                    + b.digest());
        parent.env.err().flush();
      } catch (BundleException e) {
        throw new InputException(dir.toString(), e.getMessage());
      } catch (IOException e) {
        throw new InputException(dir.toString(), e.getMessage());
      }
      return ExitCodes.ALLOW;
    }
  }

  /** {@code teepol bundle sign BUNDLE --key KEY}. */
  @Command(
      name = "sign",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Sign a bundle with an Ed25519 or ECDSA P-256 private key (PEM, PKCS#8: openssl genpkey -algorithm ed25519); writes a DSSE envelope.",
        "Or, with --sigstore-bundle, wrap a Sigstore keyless signature made in CI (cosign sign-blob --bundle"
            + " or cosign attest-blob --bundle over the file teepol bundle create wrote): verifiers check it"
            + " against their pinned trusted root and identity. teepol does not sign keyless itself: that needs"
            + " an OIDC token and Fulcio and Rekor online."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:signed", "2:bad usage, a malformed bundle, a key of another type"})
  static final class Sign implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand BundleCommand parent;

    @Parameters(paramLabel = "BUNDLE", description = "The bundle teepol bundle create wrote.")
    Path bundle;

    @Option(names = "--key", paramLabel = "FILE", description = "The signer's private key (PEM).")
    Path key;

    @Option(
        names = "--sigstore-bundle",
        paramLabel = "FILE",
        description =
            "A Sigstore bundle (JSON) signing this bundle file, made in CI; instead of --key.")
    Path sigstoreBundle;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Where to write the signed bundle (default: standard output).")
    Path output;

    @Override
    public Integer call() throws InputException {
      if ((key == null) == (sigstoreBundle == null)) {
        throw new InputException("sign", "give exactly one of --key and --sigstore-bundle");
      }
      try {
        PolicyBundle b = PolicyBundle.parse(read(bundle));
        write(
            output,
            key != null
                ? SignedBundles.sign(b, key)
                : SignedBundles.signWithSigstore(b, read(sigstoreBundle)),
            parent.env);
      } catch (BundleException e) {
        throw new InputException(
            (sigstoreBundle != null ? sigstoreBundle : bundle).toString(), e.getMessage());
      } catch (IOException e) {
        throw new InputException(String.valueOf(key), e.getMessage());
      }
      return ExitCodes.ALLOW;
    }
  }

  /** {@code teepol bundle verify SIGNED --signer PUB}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "Check a signed bundle: a signature by one of the --signer keys, a canonical bundle, and with --version-file no rollback (the file then records the version).",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:verified",
        "1:refused: no trusted signature, or an older version than the one recorded",
        "2:bad usage, an unreadable file"
      })
  static final class Verify implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand BundleCommand parent;

    @Parameters(paramLabel = "SIGNED", description = "The signed bundle.")
    Path signed;

    @Option(
        names = "--signer",
        paramLabel = "FILE",
        description = "A trusted signer's public key (PEM); repeatable.")
    List<Path> signers = new ArrayList<>();

    @Option(
        names = "--sigstore-root",
        paramLabel = "FILE",
        description =
            "Sigstore trusted root (trusted_root.json) for keyless signatures; with --sigstore-repo.")
    Path sigstoreRoot;

    @Option(
        names = "--sigstore-repo",
        paramLabel = "OWNER/REPO",
        description =
            "Accept keyless signatures by a GitHub Actions workflow of this repository run at a tag"
                + " (issuer https://token.actions.githubusercontent.com); repeatable.")
    List<String> sigstoreRepos = new ArrayList<>();

    @Option(
        names = "--at",
        paramLabel = "TIME",
        description =
            "The instant a keyless signature's log time must not be after (default: now).")
    String at;

    @Option(
        names = "--version-file",
        paramLabel = "FILE",
        description = "Refuse a bundle older than the version recorded here, then record this one.")
    Path versionFile;

    @Override
    public Integer call() throws InputException {
      if (signers.isEmpty() && sigstoreRoot == null) {
        throw new InputException(
            "verify", "give --signer keys or --sigstore-root with --sigstore-repo");
      }
      if ((sigstoreRoot == null) != sigstoreRepos.isEmpty()) {
        throw new InputException(
            "--sigstore-root", "--sigstore-root and --sigstore-repo go together");
      }
      TrustedSigners trusted = null;
      try {
        if (!signers.isEmpty()) {
          trusted = TrustedSigners.fromFiles(signers);
        }
      } catch (IOException e) {
        throw new InputException("--signer", e.getMessage());
      }
      if (sigstoreRoot != null) {
        List<ReleaseIdentity> ids = new ArrayList<>();
        for (String repo : sigstoreRepos) {
          try {
            ids.add(ReleaseIdentity.githubTag(repo));
          } catch (IllegalArgumentException e) {
            throw new InputException("--sigstore-repo " + repo, e.getMessage());
          }
        }
        java.time.Clock clock;
        try {
          clock =
              at == null
                  ? parent.env.wallClock()
                  : java.time.Clock.fixed(Instants.parse(at), java.time.ZoneOffset.UTC);
        } catch (IllegalArgumentException e) {
          throw new InputException("--at", e.getMessage());
        }
        SigstoreSigners s;
        try {
          s = SigstoreSigners.of(sigstoreRoot, ids, clock);
        } catch (IOException e) {
          throw new InputException("--sigstore-root", e.getMessage());
        }
        trusted = trusted == null ? TrustedSigners.sigstore(s) : trusted.withSigstore(s);
      }
      byte[] bytes = read(signed);
      try {
        VerifiedBundle v = SignedBundles.verify(bytes, trusted);
        if (versionFile != null) {
          new VersionFile(versionFile).checkAndRecord(v);
        }
        PolicyBundle b = v.bundle();
        parent
            .env
            .out()
            .println(
                "verified: bundle "
                    + b.name()
                    + " v"
                    + b.version()
                    + " signed by "
                    + v.signer()
                    + " (sha256 "
                    + v.sha256()
                    + ")");
        b.policies().forEach(p -> parent.env.out().println("  policy  " + p.path()));
        b.suites().forEach(p -> parent.env.out().println("  suite   " + p.path()));
        parent.env.out().println("  " + b.fixtures().size() + " fixture digest(s)");
        parent.env.out().flush();
        return ExitCodes.ALLOW;
      } catch (BundleException e) {
        parent.env.err().println("teepol: " + signed + ": refused: " + e.getMessage());
        parent.env.err().flush();
        return ExitCodes.DENY;
      }
    }
  }
}
