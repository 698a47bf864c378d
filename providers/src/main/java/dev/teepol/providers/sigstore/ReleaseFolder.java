package dev.teepol.providers.sigstore;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed release as a folder, laid out like a corpus {@code sigstore/*} case: {@code
 * bundle.sigstore.json} (required), {@code release_artifact_digest.txt} (the digest the release
 * publishes; when present the bundle must sign it) and optionally {@code trusted_root.json}, which
 * is never trusted: it must be the configured Sigstore trusted root, or the release fails. Other
 * files ({@code in_toto_statement.json}, the GitHub API response) restate what the bundle signs and
 * are not read: the statement comes from the signed envelope only.
 *
 * @param name a label for reports (the folder's name); a release's role comes from its predicate
 * @param bundle the bundle's bytes
 * @param artifactSha256 the published artifact digest
 * @param trustedRootCopy the folder's copy of a trusted root, to compare with the configured one
 */
public record ReleaseFolder(
    String name, byte[] bundle, Optional<byte[]> artifactSha256, Optional<byte[]> trustedRootCopy) {
  public static final String BUNDLE = "bundle.sigstore.json";
  public static final String ARTIFACT_DIGEST = "release_artifact_digest.txt";
  public static final String TRUSTED_ROOT = "trusted_root.json";

  /** Longest digest file accepted (a hex SHA-256 with a prefix and a newline is under 80 bytes). */
  static final int MAX_DIGEST_FILE = 256;

  public ReleaseFolder {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bundle, "bundle");
  }

  /**
   * Reads a release folder, every file through the bounded reader.
   *
   * @throws IOException it is not a folder, has no bundle, or a file is unreadable, oversized or
   *     (the digest) not a SHA-256
   */
  public static ReleaseFolder read(Path dir, Limits limits) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a release folder (a directory holding " + BUNDLE + ")");
    }
    Path bundle = dir.resolve(BUNDLE);
    if (!Files.isRegularFile(bundle)) {
      throw new IOException(dir + ": no " + BUNDLE);
    }
    try {
      byte[] b = BoundedFiles.read(bundle, limits.maxCollateralBytes(), bundle.toString());
      Optional<byte[]> digest = Optional.empty();
      Path d = dir.resolve(ARTIFACT_DIGEST);
      if (Files.isRegularFile(d)) {
        digest = Optional.of(digest(BoundedFiles.read(d, MAX_DIGEST_FILE, d.toString()), d));
      }
      Optional<byte[]> root = Optional.empty();
      Path r = dir.resolve(TRUSTED_ROOT);
      if (Files.isRegularFile(r)) {
        root = Optional.of(BoundedFiles.read(r, limits.maxCollateralBytes(), r.toString()));
      }
      Path name = dir.toAbsolutePath().normalize().getFileName();
      return new ReleaseFolder(name == null ? dir.toString() : name.toString(), b, digest, root);
    } catch (LimitExceededException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** {@code <64 hex>} or {@code sha256:<64 hex>}, surrounding white space ignored. */
  static byte[] digest(byte[] content, Path file) throws IOException {
    String s = new String(content, StandardCharsets.US_ASCII).strip().toLowerCase(Locale.ROOT);
    if (s.startsWith("sha256:")) {
      s = s.substring("sha256:".length());
    }
    if (s.length() != 64 || !Hex.isHex(s)) {
      throw new IOException(file + ": not a SHA-256 digest (64 hex digits)");
    }
    return Hex.decode(s);
  }
}
