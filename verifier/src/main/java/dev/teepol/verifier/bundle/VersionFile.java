package dev.teepol.verifier.bundle;

import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Rollback protection: the highest bundle version a verifier accepted, persisted in a file its
 * operator names ({@code {"name":..., "version":..., "sha256":...}}). A bundle older than the
 * recorded version is refused, and so is a different bundle claiming the recorded version. The file
 * is replaced atomically; one that cannot be read refuses every bundle (fail closed).
 */
public final class VersionFile {
  private static final JsonProvider JSON = JsonProvider.provider();
  private static final int MAX_BYTES = 4096;

  private final Path file;

  public VersionFile(Path file) {
    this.file = file;
  }

  /** What the file records, if it exists. */
  public record Accepted(String name, long version, String sha256) {}

  public Optional<Accepted> read() throws BundleException {
    String text;
    try {
      text = BoundedFiles.readUtf8(file, MAX_BYTES, "version file");
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | LimitExceededException e) {
      throw new BundleException(file + ": cannot read the version file: " + e.getMessage(), e);
    }
    try (JsonReader r = JSON.createReader(new StringReader(text))) {
      JsonObject o = r.readObject();
      if (!(o.get("name") instanceof JsonString n)
          || !(o.get("version") instanceof JsonNumber v)
          || !v.isIntegral()
          || !(o.get("sha256") instanceof JsonString d)) {
        throw new BundleException(file + ": a version file needs name, version and sha256");
      }
      return Optional.of(new Accepted(n.getString(), v.longValueExact(), d.getString()));
    } catch (JsonException | IllegalStateException | ArithmeticException e) {
      throw new BundleException(file + ": not a version file: " + e.getMessage(), e);
    }
  }

  /**
   * Refuses a bundle older than the recorded one (or another bundle with the recorded version),
   * else records it.
   */
  public void checkAndRecord(VerifiedBundle b) throws BundleException {
    check(b);
    record(b);
  }

  /** Refuses a rollback without recording anything. */
  public void check(VerifiedBundle b) throws BundleException {
    Optional<Accepted> seen = read();
    if (seen.isEmpty()) {
      return;
    }
    Accepted a = seen.get();
    PolicyBundle p = b.bundle();
    if (!a.name().equals(p.name())) {
      throw new BundleException(
          file
              + " records bundle '"
              + a.name()
              + "', not '"
              + p.name()
              + "': use one version file per bundle");
    }
    if (p.version() < a.version()) {
      throw new BundleException(
          "bundle '"
              + p.name()
              + "' version "
              + p.version()
              + " is older than version "
              + a.version()
              + " this verifier already accepted ("
              + file
              + "): refusing a rollback");
    }
    if (p.version() == a.version() && !a.sha256().equals(b.sha256())) {
      throw new BundleException(
          "bundle '"
              + p.name()
              + "' version "
              + p.version()
              + " differs from the version "
              + a.version()
              + " this verifier accepted (sha256 "
              + a.sha256()
              + "): a new release needs a higher version");
    }
  }

  private void record(VerifiedBundle b) throws BundleException {
    StringWriter w = new StringWriter();
    try (var g = JSON.createGenerator(w)) {
      g.writeStartObject()
          .write("name", b.bundle().name())
          .write("version", b.bundle().version())
          .write("sha256", b.sha256())
          .writeEnd();
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      Path tmp = Files.createTempFile(dir, ".teepol-version", ".tmp");
      Files.writeString(tmp, w + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new BundleException(
          file + ": cannot record the accepted version: " + e.getMessage(), e);
    }
  }
}
