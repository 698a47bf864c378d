package dev.teepol.verifier.bundle;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.sigstore.ReleaseIdentity;
import dev.teepol.providers.sigstore.abi.TrustedRoot;
import dev.teepol.providers.sigstore.abi.TrustedRootParser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Who may sign policy bundles with Sigstore (keyless: a Fulcio certificate for a CI identity, the
 * signature logged in Rekor): a trusted root (Fulcio CAs, Rekor and CT log keys) and the identities
 * (OIDC issuer and SAN pattern) the verifier pins. Both come from whoever deploys the verifier,
 * never from the bundle; the clock bounds the log's signed time ("not after now").
 */
public record SigstoreSigners(TrustedRoot root, List<ReleaseIdentity> identities, Clock clock) {
  public SigstoreSigners {
    identities = List.copyOf(identities);
    if (identities.isEmpty()) {
      // A Sigstore signature without a pinned identity proves only that someone with any OIDC
      // account signed: anyone can.
      throw new IllegalArgumentException(
          "no Sigstore identity pinned: any OIDC account could sign a bundle");
    }
  }

  /**
   * From a trusted root file ({@code trusted_root.json}, as {@code cosign} and sigstore-go read
   * it).
   *
   * @throws IOException unreadable, too large, or not a usable trusted root
   */
  public static SigstoreSigners of(Path trustedRoot, List<ReleaseIdentity> identities, Clock clock)
      throws IOException {
    try {
      byte[] bytes =
          BoundedFiles.read(trustedRoot, Limits.DEFAULT.maxAnchorBytes(), "Sigstore trusted root");
      return new SigstoreSigners(TrustedRootParser.parse(bytes, Limits.DEFAULT), identities, clock);
    } catch (LimitExceededException | ParseException e) {
      throw new IOException(
          trustedRoot + ": not a usable Sigstore trusted root: " + e.getMessage(), e);
    }
  }
}
