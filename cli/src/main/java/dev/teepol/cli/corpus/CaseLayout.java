package dev.teepol.cli.corpus;

import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.verifier.TrustAnchorFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a case keeps its inputs, found by content and by the corpus conventions (corpus README and
 * CASE.md "Collateral layout"), never by case name: evidence is every top-level file the kind's
 * provider recognizes, except a file whose bytes another recognized file carries whole (a part the
 * corpus builder split out of a container, such as the event log of a TPM attestation protobuf);
 * collateral is the {@code collateral/} directory. A case folder never brings its own trust: a
 * top-level self-signed certificate is accepted only as a copy of the anchor the run trusts (the
 * embedded default, or {@code corpus run --trust-anchor}); one that carries an embedded anchor's
 * subject but is another certificate fails the case (audit item 11: a forged quote shipped with its
 * own "Intel SGX Root CA" must not verify).
 *
 * @param evidence recognized evidence files, by file name
 * @param anchorCopies top-level files that are copies of a trusted anchor (informational only)
 */
record CaseLayout(
    List<EvidenceSource> evidence, Optional<Path> collateralDir, List<AnchorFile> anchorCopies) {
  static final String COLLATERAL_DIR = "collateral";

  /**
   * Recorded NRAS material (JWKS, attestation responses) of a case that records other services too.
   */
  static final String NRAS_DIR = "nras";

  /** Case metadata for people and for the conformance test; never evidence. */
  static final List<String> METADATA = List.of("CASE.md", CaseInputs.FILE);

  record AnchorFile(String fileName, X509Certificate cert) {}

  /**
   * @param trusted anchor purpose → the certificate the run trusts for it (the explicit {@code
   *     --trust-anchor}, else the embedded default)
   */
  static CaseLayout discover(
      Path caseDir, EvidenceProvider provider, Limits limits, Map<String, X509Certificate> trusted)
      throws CaseFailure {
    List<EvidenceSource> evidence = new ArrayList<>();
    List<AnchorFile> copies = new ArrayList<>();
    for (Path f : topLevelFiles(caseDir)) {
      EvidenceSource src = read(f, limits);
      if (provider.recognizes(src, limits)) {
        evidence.add(src);
      } else if (src.content().length <= limits.maxAnchorBytes()) {
        anchorCopy(f, src.content(), trusted).ifPresent(copies::add);
      }
    }
    if (evidence.isEmpty()) {
      throw new CaseFailure("no top-level file is recognized by provider " + provider.id());
    }
    // A certificate a provider also accepts as evidence on its own (an AMD VCEK: a chain check) is
    // supplied material when the case has a report: it is evidence only in a certificate-only case.
    List<EvidenceSource> reports =
        evidence.stream().filter(e -> TrustAnchorFile.parseOne(e.content()).isEmpty()).toList();
    if (!reports.isEmpty()) {
      evidence = new ArrayList<>(reports);
    }
    List<EvidenceSource> found = List.copyOf(evidence);
    List<EvidenceSource> parts =
        found.stream()
            .filter(
                part ->
                    found.stream()
                        .anyMatch(
                            whole ->
                                whole != part
                                    && whole.content().length > part.content().length
                                    && contains(whole.content(), part.content())))
            .toList();
    evidence.removeAll(parts);
    Path collateral = caseDir.resolve(COLLATERAL_DIR);
    return new CaseLayout(
        evidence,
        Files.isDirectory(collateral) ? Optional.of(collateral) : Optional.empty(),
        copies);
  }

  /**
   * A self-signed certificate equal to a trusted anchor is a copy of it; one named like an embedded
   * anchor but different is refused, whatever its file name; anything else is not an anchor at all.
   */
  private static Optional<AnchorFile> anchorCopy(
      Path f, byte[] content, Map<String, X509Certificate> trusted) throws CaseFailure {
    Optional<X509Certificate> cert =
        TrustAnchorFile.parseOne(content).filter(TrustAnchorFile::selfSigned);
    if (cert.isEmpty()) {
      return Optional.empty();
    }
    if (trusted.values().stream().anyMatch(t -> sameCert(t, cert.get()))) {
      return Optional.of(new AnchorFile(f.getFileName().toString(), cert.get()));
    }
    Optional<String> purpose = TrustAnchorFile.purposeBySubject(cert.get());
    if (purpose.isPresent()) {
      X509Certificate t = trusted.get(purpose.get());
      throw new CaseFailure(
          f.getFileName()
              + ": a self-signed certificate named like the "
              + purpose.get()
              + " anchor (sha256 "
              + Certificates.sha256Hex(cert.get())
              + ") that is not the trusted anchor"
              + (t == null ? "" : " (sha256 " + Certificates.sha256Hex(t) + ")")
              + "; a case folder cannot bring its own anchor: give it to corpus run --trust-anchor");
    }
    return Optional.empty();
  }

  /**
   * Whether {@code needle} occurs in {@code hay}: Knuth–Morris–Pratt, linear in both lengths
   * whatever the bytes.
   */
  static boolean contains(byte[] hay, byte[] needle) {
    if (needle.length == 0) {
      return true;
    }
    int[] fail = new int[needle.length];
    for (int i = 1, k = 0; i < needle.length; i++) {
      while (k > 0 && needle[i] != needle[k]) {
        k = fail[k - 1];
      }
      if (needle[i] == needle[k]) {
        k++;
      }
      fail[i] = k;
    }
    for (int i = 0, k = 0; i < hay.length; i++) {
      while (k > 0 && hay[i] != needle[k]) {
        k = fail[k - 1];
      }
      if (hay[i] == needle[k]) {
        k++;
      }
      if (k == needle.length) {
        return true;
      }
    }
    return false;
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
      // Named by file name: the case is already named in the line, and absolute paths differ per
      // machine.
      return new EvidenceSource(f.getFileName().toString(), content);
    } catch (IOException | LimitExceededException e) {
      throw new CaseFailure(f.getFileName() + ": " + e.getMessage());
    }
  }
}
