package dev.teepol.verifier;

import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.sigstore.abi.TrustedRootParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Recognizes a Sigstore trusted root among trust-anchor files: JSON naming the trusted-root media
 * type. It must then decode completely, or the configuration is refused: an operator's root that
 * silently failed to load would leave the embedded one in force.
 */
final class SigstoreRoots {
  private SigstoreRoots() {}

  static Optional<byte[]> read(Path file, Limits limits) {
    byte[] bytes;
    try {
      bytes = BoundedFiles.read(file, limits.maxAnchorBytes(), "trust anchor");
    } catch (LimitExceededException e) {
      throw new TeepolConfigurationException(
          file.toString(), e.getMessage() + ": too large for a trust anchor");
    } catch (NoSuchFileException e) {
      throw new TeepolConfigurationException(file.toString(), "no such file");
    } catch (IOException e) {
      throw new TeepolConfigurationException(file.toString(), "cannot read: " + e.getMessage());
    }
    int i = 0;
    while (i < bytes.length && Character.isWhitespace(bytes[i])) {
      i++;
    }
    if (i == bytes.length
        || bytes[i] != '{'
        || !new String(bytes, StandardCharsets.UTF_8)
            .contains("application/vnd.dev.sigstore.trustedroot+json")) {
      return Optional.empty();
    }
    try {
      TrustedRootParser.parse(bytes, limits);
    } catch (dev.teepol.core.bytes.ParseException e) {
      throw new TeepolConfigurationException(
          file.toString(), "not a usable Sigstore trusted root: " + e.getMessage());
    }
    return Optional.of(bytes);
  }
}
