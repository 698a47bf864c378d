package dev.teepol.core.spi;

import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import java.io.IOException;
import java.nio.file.Path;

/** Raw evidence as handed to a provider: a name for messages and the bytes. */
public record EvidenceSource(String name, byte[] content) {

  /**
   * Reads a file (or pipe, or device), refusing one of more than {@link Limits#maxEvidenceBytes()}
   * bytes: reading stops one byte past the bound.
   */
  public static EvidenceSource read(Path file, Limits limits)
      throws IOException, LimitExceededException {
    return new EvidenceSource(
        file.toString(), BoundedFiles.read(file, limits.maxEvidenceBytes(), file.toString()));
  }
}
