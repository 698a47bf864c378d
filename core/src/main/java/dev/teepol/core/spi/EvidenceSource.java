package dev.teepol.core.spi;

import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Raw evidence as handed to a provider: a name for messages and the bytes. */
public record EvidenceSource(String name, byte[] content) {

  /** Reads a file, refusing one larger than {@link Limits#maxEvidenceBytes()} before reading it. */
  public static EvidenceSource read(Path file, Limits limits) throws IOException, LimitExceededException {
    Limits.check(file.toString(), Files.size(file), limits.maxEvidenceBytes());
    try (InputStream in = Files.newInputStream(file)) {
      // Read one byte past the limit so a file that grew after the size check is still refused.
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxEvidenceBytes() + 1));
      Limits.check(file.toString(), b.length, limits.maxEvidenceBytes());
      return new EvidenceSource(file.toString(), b);
    }
  }
}
