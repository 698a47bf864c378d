package dev.teepol.cli;

import dev.teepol.providers.sigstore.ReleaseFolder;
import dev.teepol.providers.sigstore.ReleaseIdentity;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerifyOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The verification options of {@code teepol verify} that {@code teepol pin} needs beyond the DCAP
 * and NRAS ones it always had: AMD certificates for SEV-SNP, the audience and text nonce of a
 * Confidential Space token, mock keys and signed releases. Pinning judges evidence exactly as
 * verify does, so SEV-SNP, TPM and token evidence can be pinned with the inputs that prove it.
 */
final class PinVerifyOptions {
  @Option(names = "--amd-certs", paramLabel = "DIR", description = "As for verify.")
  Path amdCerts;

  @Option(
      names = "--kds",
      paramLabel = "URL",
      arity = "0..1",
      fallbackValue = "https://kdsintf.amd.com",
      description = "As for verify.")
  URI kds;

  @Option(names = "--nonce-text", paramLabel = "TEXT", description = "As for verify.")
  String nonceText;

  @Option(names = "--audience", paramLabel = "AUD", description = "As for verify.")
  String audience;

  @Option(names = "--cs-jwks", paramLabel = "FILE", description = "As for verify.")
  Path csJwks;

  @Option(names = "--mock-key", paramLabel = "FILE", description = "As for verify; repeatable.")
  List<Path> mockKeys = new ArrayList<>();

  @Option(names = "--release", paramLabel = "DIR", description = "As for verify; repeatable.")
  List<Path> releases = new ArrayList<>();

  @Option(
      names = "--release-repo",
      paramLabel = "OWNER/REPO",
      description = "As for verify; repeatable.")
  List<String> releaseRepos = new ArrayList<>();

  void apply(TeepolVerifier.Builder b, VerifyOptions.Builder options) throws InputException {
    if (amdCerts != null) {
      b.amdCertificates(amdCerts);
    }
    if (kds != null) {
      b.kds(kds);
    }
    if (csJwks != null) {
      b.confidentialSpaceJwks(csJwks);
    }
    for (Path f : mockKeys) {
      b.mockKey(VerifierSetup.mockKey(f));
    }
    if (audience != null) {
      if (audience.isEmpty()) {
        throw new InputException("--audience", "empty audience");
      }
      options.audience(audience);
    }
    for (Path dir : releases) {
      if (!Files.isRegularFile(dir.resolve(ReleaseFolder.BUNDLE))) {
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
  }
}
