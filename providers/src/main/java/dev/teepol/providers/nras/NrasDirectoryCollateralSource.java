package dev.teepol.providers.nras;

import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.core.spi.CollateralSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Recorded NRAS material in a capture directory: the JWKS ({@code nras_jwks.json}, or the one
 * {@code *jwks*.json} file there) and a recorded attestation response ({@code
 * nras_attest_gpu_response.json}). It serves only these two request types, so it can sit beside a
 * DCAP collateral source.
 */
public final class NrasDirectoryCollateralSource implements CollateralSource {
  private final Path dir;
  private final int maxBytes;

  public NrasDirectoryCollateralSource(Path dir, Limits limits) {
    this.dir = dir;
    this.maxBytes =
        Math.max(
            limits.maxCollateralBytes(),
            (int) Math.min(Integer.MAX_VALUE, limits.maxEvidenceBytes()));
  }

  @Override
  public Optional<CollateralDocument> fetch(CollateralRequest request) throws CollateralException {
    Optional<Path> file =
        switch (request.type()) {
          case NrasCollateral.JWKS -> jwksFile();
          // One recorded response per capture: it answers for whichever payload is asked about, and
          // is
          // trusted only once its tokens verify, carry the node's nonce and name the payload's
          // GPUs.
          case NrasCollateral.ATTESTATION ->
              Optional.of(dir.resolve("nras_attest_gpu_response.json"))
                  .filter(Files::isRegularFile);
          default -> Optional.empty();
        };
    return file.isEmpty() ? Optional.empty() : Optional.of(read(file.get()));
  }

  private Optional<Path> jwksFile() throws CollateralException {
    Path exact = dir.resolve("nras_jwks.json");
    if (Files.isRegularFile(exact)) {
      return Optional.of(exact);
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> found =
          s.filter(Files::isRegularFile)
              .filter(
                  p ->
                      p.getFileName().toString().contains("jwks")
                          && p.getFileName().toString().endsWith(".json"))
              .toList();
      if (found.size() > 1) {
        throw new CollateralException("several JWKS files in " + dir + ": " + found);
      }
      return found.stream().findFirst();
    } catch (IOException e) {
      throw new CollateralException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private CollateralDocument read(Path p) throws CollateralException {
    try {
      return new CollateralDocument(BoundedFiles.read(p, maxBytes, p.toString()), "", p.toString());
    } catch (LimitExceededException e) {
      throw new CollateralException(e.getMessage(), e);
    } catch (IOException e) {
      throw new CollateralException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "NRAS capture directory " + dir;
  }
}
