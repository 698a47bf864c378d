package dev.teepol.providers.confidentialspace;

import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.core.spi.CollateralSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A JWKS file the operator pinned for OIDC Confidential Space tokens (for instance a copy of
 * Google's {@code /.well-known/jwks} taken when the token was issued). It serves only {@link
 * ConfidentialSpaceCollateral#JWKS}, so it can sit beside any other source; the file is read for
 * each request, bounded by {@link Limits#maxCollateralBytes()}.
 */
public final class ConfidentialSpaceJwksFile implements CollateralSource {
  private final Path file;
  private final Limits limits;

  public ConfidentialSpaceJwksFile(Path file, Limits limits) {
    this.file = file;
    this.limits = limits;
  }

  @Override
  public Optional<CollateralDocument> fetch(CollateralRequest request) throws CollateralException {
    if (!ConfidentialSpaceCollateral.JWKS.equals(request.type())) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new CollateralDocument(
              BoundedFiles.read(file, limits.maxCollateralBytes(), file.toString()),
              "",
              file.toString()));
    } catch (LimitExceededException e) {
      throw new CollateralException(e.getMessage(), e);
    } catch (IOException e) {
      throw new CollateralException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "Confidential Space JWKS " + file;
  }
}
