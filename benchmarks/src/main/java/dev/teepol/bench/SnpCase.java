package dev.teepol.bench;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.providers.sevsnp.abi.Product;
import dev.teepol.providers.sevsnp.collateral.AmdCertificateDirectory;
import dev.teepol.providers.sevsnp.sim.AmdTestPki;
import dev.teepol.providers.sevsnp.sim.SimSnp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * One SEV-SNP report with the context that makes it verify: {@code sim-milan}, {@code sim-turin}
 * (the project's simulator under its test AMD PKI), {@code corpus-genoa} and {@code corpus-turin}
 * (the real reports {@code sev-snp/teep-tinfoil-genoa-v3-capture} and {@code
 * sev-snp/oak-turin-v5-oc}, read in place with the certificates of their folder, at their
 * verify_at). The certificate directory is scanned once in setup and served from memory after.
 */
record SnpCase(String name, byte[] report, AppraisalContext context) {
  static SnpCase load(String name) throws IOException {
    return switch (name) {
      case "sim-milan" -> sim(name, Product.MILAN, 3);
      case "sim-turin" -> sim(name, Product.TURIN, 5);
      case "corpus-genoa" ->
          corpus(name, "sev-snp/teep-tinfoil-genoa-v3-capture", "2026-06-29T02:12:49Z");
      case "corpus-turin" -> corpus(name, "sev-snp/oak-turin-v5-oc", "2025-10-01T08:00:00Z");
      default ->
          throw new IllegalArgumentException(
              "unknown case " + name + " (sim-milan, sim-turin, corpus-genoa, corpus-turin)");
    };
  }

  EvidenceSource evidence() {
    return new EvidenceSource(name, report);
  }

  private static SnpCase sim(String name, Product p, int version) throws IOException {
    SimSnp.Output o = SimSnp.builder().product(p).version(version).build();
    Path dir = Files.createTempDirectory("teepol-bench-snp");
    dir.toFile().deleteOnExit();
    o.writeTo(dir);
    return new SnpCase(
        name, o.report(), context(SimSnp.VERIFY_AT, AmdTestPki.get().anchors(), dir));
  }

  private static SnpCase corpus(String name, String relative, String at) throws IOException {
    Path dir =
        Path.of(System.getProperty("teepol.corpus.dir", "../shared/corpus")).resolve(relative);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "corpus case " + dir + " not found: skipped (set -Dteepol.corpus.dir)");
    }
    return new SnpCase(
        name,
        Files.readAllBytes(dir.resolve("report.bin")),
        context(Instant.parse(at), TrustAnchors.defaults(), dir));
  }

  private static AppraisalContext context(Instant at, TrustAnchors anchors, Path certs) {
    CollateralSource source = new AmdCertificateDirectory(certs, Limits.DEFAULT);
    return new AppraisalContext(
        Clock.fixed(at, ZoneOffset.UTC), anchors, source, Optional.empty(), Limits.DEFAULT);
  }
}
