package dev.teepol.providers.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** The shared corpus, read in place; tests that need it skip when it is absent. */
public final class Corpus {
  private Corpus() {}

  public static Path caseDir(String kind, String name) {
    String prop = System.getProperty("teepol.corpus.dir");
    Path dir = prop == null ? null : Path.of(prop).resolve(kind).resolve(name);
    assumeTrue(
        dir != null && Files.isDirectory(dir),
        "corpus case " + kind + "/" + name + " not found; skipping");
    return dir;
  }

  public static JsonObject expected(Path caseDir) throws IOException {
    return json(caseDir.resolve("expected.json"));
  }

  /** A JSON object file of a case (expected.json, a PCR listing). */
  public static JsonObject json(Path file) throws IOException {
    try (JsonReader r = Json.createReader(new StringReader(Files.readString(file)))) {
      return r.readObject();
    }
  }

  /**
   * A context at the case's verify_at, with its Intel root and its collateral directory when it has
   * one.
   */
  public static AppraisalContext context(Path caseDir, Instant at) throws Exception {
    TrustAnchors anchors = TrustAnchors.defaults();
    Path root = caseDir.resolve("intel_sgx_root_ca.der");
    if (Files.isRegularFile(root)) {
      anchors =
          anchors.with(
              TrustAnchors.INTEL_SGX_ROOT, Certificates.parseAny(Files.readAllBytes(root), 1));
    }
    Path collateral = caseDir.resolve("collateral");
    CollateralSource source =
        Files.isDirectory(collateral)
            ? new DirectoryCollateralSource(collateral, Limits.DEFAULT)
            : CollateralSource.none();
    return new AppraisalContext(
        Clock.fixed(at, ZoneOffset.UTC), anchors, source, Optional.empty(), Limits.DEFAULT);
  }
}
