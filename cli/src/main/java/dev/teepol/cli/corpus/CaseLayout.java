package dev.teepol.cli.corpus;

import dev.teepol.cli.AnchorFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a case keeps its inputs, found by content and by the corpus conventions (corpus README and
 * CASE.md "Collateral layout"), never by case name: evidence is every top-level file the kind's
 * provider recognizes; collateral is the {@code collateral/} directory; a top-level self-signed
 * certificate whose subject is that of an embedded anchor replaces that anchor.
 *
 * @param evidence recognized evidence files, by file name
 * @param anchors anchor purpose → replacement certificate, with the file it came from
 */
record CaseLayout(List<EvidenceSource> evidence, Optional<Path> collateralDir, Map<String, AnchorFile> anchors) {
  static final String COLLATERAL_DIR = "collateral";
  /** Recorded NRAS material (JWKS, attestation responses) of a case that records other services too. */
  static final String NRAS_DIR = "nras";
  /** Case metadata for people and for the conformance test; never evidence. */
  static final List<String> METADATA = List.of("CASE.md", CaseInputs.FILE);

  record AnchorFile(String fileName, X509Certificate cert) {}

  static CaseLayout discover(Path caseDir, EvidenceProvider provider, Limits limits) throws CaseFailure {
    List<EvidenceSource> evidence = new ArrayList<>();
    Map<String, AnchorFile> anchors = new LinkedHashMap<>();
    for (Path f : topLevelFiles(caseDir)) {
      EvidenceSource src = read(f, limits);
      if (provider.recognizes(src)) {
        evidence.add(src);
      } else if (src.content().length <= AnchorFiles.MAX_CERT_FILE_BYTES) {
        addAnchor(f, src.content(), anchors);
      }
    }
    if (evidence.isEmpty()) {
      throw new CaseFailure("no top-level file is recognized by provider " + provider.id());
    }
    Path collateral = caseDir.resolve(COLLATERAL_DIR);
    return new CaseLayout(evidence, Files.isDirectory(collateral) ? Optional.of(collateral) : Optional.empty(), anchors);
  }

  private static void addAnchor(Path f, byte[] content, Map<String, AnchorFile> anchors) throws CaseFailure {
    Optional<X509Certificate> cert = AnchorFiles.parseOne(content).filter(AnchorFiles::selfSigned);
    if (cert.isEmpty()) {
      return;
    }
    Optional<String> purpose = AnchorFiles.purposeBySubject(cert.get());
    if (purpose.isEmpty()) {
      return;
    }
    AnchorFile previous = anchors.get(purpose.get());
    if (previous != null && !sameCert(previous.cert(), cert.get())) {
      throw new CaseFailure("two different trust anchors for " + purpose.get() + ": "
          + previous.fileName() + " and " + f.getFileName());
    }
    if (previous == null) {
      anchors.put(purpose.get(), new AnchorFile(f.getFileName().toString(), cert.get()));
    }
  }

  private static boolean sameCert(X509Certificate a, X509Certificate b) {
    try {
      return Arrays.equals(a.getEncoded(), b.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      return false;
    }
  }

  private static List<Path> topLevelFiles(Path caseDir) throws CaseFailure {
    try (Stream<Path> s = Files.list(caseDir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !METADATA.contains(p.getFileName().toString()))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new CaseFailure("cannot list " + caseDir + ": " + e.getMessage());
    }
  }

  private static EvidenceSource read(Path f, Limits limits) throws CaseFailure {
    try {
      byte[] content = EvidenceSource.read(f, limits).content();
      // Named by file name: the case is already named in the line, and absolute paths differ per machine.
      return new EvidenceSource(f.getFileName().toString(), content);
    } catch (IOException | LimitExceededException e) {
      throw new CaseFailure(f.getFileName() + ": " + e.getMessage());
    }
  }
}
