package dev.teepol.cli.corpus;

import static dev.teepol.verifier.json.JsonOut.JSON;

import dev.teepol.cli.InputException;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Policies;
import dev.teepol.providers.sigstore.ReleaseFolder;
import dev.teepol.providers.sigstore.SigstoreProvider;
import dev.teepol.verifier.TeepolConfigurationException;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.TrustAnchorFile;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.VerifyOptions;
import dev.teepol.verifier.json.AppraisalJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Verifies every case of a corpus laid out as {@code <kind>/<case>/} and reports one JSON object
 * per case. It judges with {@code builtin:strict} and only the verification inputs of each case;
 * whether the results are the expected ones is the conformance test's business, not the runner's.
 */
public final class CorpusRunner {
  /** The corpus is judged as {@code teepol verify} judges without --policy. */
  private static final String STRICT_REF = Policies.BUILTIN_PREFIX + "strict";

  private final Providers providers;
  private final Clock wallClock;
  private final Limits limits;
  private final Optional<ExplicitAnchor> trustAnchor;
  private final CompiledPolicy strict;
  private java.util.function.BiConsumer<String, VerificationResult> observer = (n, r) -> {};

  /**
   * A trust anchor given for the whole run ({@code corpus run --trust-anchor}), with the file it
   * came from.
   */
  public record ExplicitAnchor(String fileName, X509Certificate cert) {}

  /**
   * @param wallClock used only for a case whose expected.json gives no verification time
   */
  public CorpusRunner(Providers providers, Clock wallClock, Limits limits) {
    this(providers, wallClock, limits, Optional.empty());
  }

  /**
   * @param trustAnchor replaces the embedded default anchor of its purpose for every case; without
   *     it every case is judged against the embedded defaults, whatever its folder holds
   */
  public CorpusRunner(
      Providers providers, Clock wallClock, Limits limits, Optional<ExplicitAnchor> trustAnchor) {
    this.providers = providers;
    this.wallClock = wallClock;
    this.limits = limits;
    this.trustAnchor = trustAnchor;
    this.strict = Policies.strict();
  }

  /**
   * Also hands every verification the run makes to {@code observer}, named like its case ({@code
   * <kind>/<case>}, {@code /<file>} added when a case has several): {@code teepol diff --evidence}
   * judges these appraisals with two versions of a policy.
   */
  public CorpusRunner observe(java.util.function.BiConsumer<String, VerificationResult> observer) {
    this.observer = observer;
    return this;
  }

  /**
   * Runs every case in a stable order (kind, then case name), handing each line to {@code sink}.
   */
  public CorpusSummary run(Path root, Consumer<JsonObject> sink) throws InputException {
    if (!Files.isDirectory(root)) {
      throw new InputException(
          root.toString(), Files.exists(root) ? "not a directory" : "no such directory");
    }
    CorpusSummary summary = CorpusSummary.EMPTY;
    for (Path kindDir : subdirectories(root)) {
      String kind = kindDir.getFileName().toString();
      Optional<EvidenceProvider> provider = providers.byId(kind);
      for (Path caseDir : subdirectories(kindDir)) {
        String name = kind + "/" + caseDir.getFileName();
        List<JsonObject> lines =
            provider.isPresent()
                ? evaluate(name, kind, caseDir, provider.get())
                : List.of(skipped(name, kind));
        // One line per case: a case with several evidence files is as good as its worst one,
        // and each file's own result is kept under "files".
        JsonObject line = lines.size() == 1 ? lines.get(0) : combine(lines);
        summary = summary.plus(line);
        sink.accept(line);
      }
    }
    return summary;
  }

  private List<JsonObject> evaluate(
      String name, String kind, Path caseDir, EvidenceProvider provider) {
    try {
      CaseInputs inputs = CaseInputs.read(caseDir);
      Map<String, X509Certificate> explicit =
          trustAnchor
              .flatMap(
                  a -> TrustAnchorFile.purposeFor(a.cert(), kind).map(p -> Map.of(p, a.cert())))
              .orElse(Map.of());
      CaseLayout layout = CaseLayout.discover(caseDir, provider, limits, trusted(explicit));
      // Only a case without a verification time may read the wall clock, and only if a provider or
      // the policy asks.
      Optional<Instant> at = inputs.at();
      TeepolVerifier.Builder b =
          TeepolVerifier.builder()
              .providers(providers)
              .limits(limits)
              .policy(strict, STRICT_REF)
              .clock(at.map(i -> Clock.fixed(i, ZoneOffset.UTC)).orElse(wallClock))
              .clockDescription(inputs.clockSource())
              // Recorded NRAS material (JWKS, responses) sits in the case directory itself, or in
              // its nras/
              // subdirectory when the case records other services beside NRAS (NEAR captures).
              .nrasDirectory(caseDir);
      // The corpus holds evidence from Google's vTPMs: the run trusts teepol's own embedded
      // optional bundles, never certificates a case folder brings.
      TrustAnchors.bundleNames().forEach(b::trustBundle);
      layout.collateralDir().ifPresent(b::collateralDirectory);
      // Supplied AMD certificates (vcek.der, ask_ark_*.pem, ...) are found by content in the case
      // folder itself; the SEV-SNP provider verifies each to the pinned ARK.
      if (dev.teepol.providers.sevsnp.collateral.AmdCertificateDirectory.holdsAmdCertificates(
          caseDir, limits)) {
        b.amdCertificates(caseDir);
      }
      // Only the run's own anchors are trusted; the case folder's copies of them change nothing.
      explicit.values().forEach(b::trustAnchor);
      Optional<byte[]> nonce = inputs.nonce();
      Path nrasDir = caseDir.resolve(CaseLayout.NRAS_DIR);
      Optional<Path> nrasSubdir =
          Files.isDirectory(nrasDir) ? Optional.of(nrasDir) : Optional.empty();
      String anchorFiles = anchorDescription(explicit, layout);
      List<Path> releases = releaseFolders(kind, caseDir);
      try (TeepolVerifier v = b.build()) {
        if (kind.equals(SigstoreProvider.ID)) {
          // A sigstore case is one release folder (corpus README): verified as `verify --release`.
          VerifyOptions.Builder options =
              VerifyOptions.builder().name(ReleaseFolder.BUNDLE).release(caseDir);
          inputs.releaseIdentities().forEach(options::releaseIdentity);
          VerificationResult r = v.verifyReleases(options.build());
          EvidenceSource src =
              layout.evidence().stream()
                  .filter(e -> e.name().equals(ReleaseFolder.BUNDLE))
                  .findFirst()
                  .orElse(layout.evidence().get(0));
          return List.of(
              evaluated(name, kind, src, r, at, layout.collateralDir().isPresent(), anchorFiles));
        }
        return layout.evidence().stream()
            .map(
                src -> {
                  VerifyOptions.Builder options = VerifyOptions.builder().name(src.name());
                  nonce.ifPresent(options::nonce);
                  inputs.audience().ifPresent(options::audience);
                  nrasSubdir.ifPresent(options::nrasDirectory);
                  releases.forEach(options::release);
                  inputs.releaseIdentities().forEach(options::releaseIdentity);
                  VerificationResult r = v.verify(src.content(), options.build());
                  if (!kind.equals(r.provider())
                      || r.verdict().checks().stream()
                          .anyMatch(c -> RUNNER_PROBLEMS.contains(c.id()))) {
                    return failed(
                        name,
                        kind,
                        r.inputProblem()
                            .orElse("recognized as " + r.provider() + " evidence, not " + kind));
                  }
                  observer.accept(
                      layout.evidence().size() == 1 ? name : name + "/" + src.name(), r);
                  return evaluated(
                      name, kind, src, r, at, layout.collateralDir().isPresent(), anchorFiles);
                })
            .toList();
      }
    } catch (CaseFailure e) {
      return List.of(failed(name, kind, e.getMessage()));
    } catch (InputException e) {
      return List.of(failed(name, kind, e.where() + ": " + e.getMessage()));
    } catch (TeepolConfigurationException e) {
      return List.of(failed(name, kind, e.getMessage()));
    } catch (RuntimeException e) {
      // Whatever went wrong in one case must not stop the run, and must count as failed.
      return List.of(failed(name, kind, "internal error: " + e));
    }
  }

  /**
   * The line of a case with several evidence files: the worst file's fields (a failure, then a
   * DENY, then a file that is not genuine), every file's own line under {@code files}, and {@code
   * genuine} true only if every file is.
   */
  static JsonObject combine(List<JsonObject> lines) {
    java.util.Comparator<JsonObject> worse =
        java.util.Comparator.<JsonObject>comparingInt(
                l -> "failed".equals(l.getString("status")) ? 0 : 1)
            .thenComparingInt(l -> "DENY".equals(l.getString("decision", "")) ? 0 : 1)
            .thenComparingInt(l -> l.getBoolean("genuine", false) ? 1 : 0);
    JsonObject worst = lines.stream().min(worse).orElseThrow();
    boolean allGenuine = lines.stream().allMatch(l -> l.getBoolean("genuine", false));
    jakarta.json.JsonArrayBuilder files = JSON.createArrayBuilder();
    lines.forEach(files::add);
    JsonObjectBuilder b = JSON.createObjectBuilder(worst);
    if (worst.containsKey("genuine")) {
      b.add("genuine", allGenuine);
    }
    return b.add("files", files).build();
  }

  /**
   * The {@code releases/<name>/} folders of a {@code tinfoil} case (corpus README), in name order;
   * the names are labels only.
   */
  private static List<Path> releaseFolders(String kind, Path caseDir) throws InputException {
    Path dir = caseDir.resolve(RELEASES_DIR);
    return Files.isDirectory(dir) ? subdirectories(dir) : List.of();
  }

  static final String RELEASES_DIR = "releases";

  /** Problems that mean the runner, not the evidence, could not do its job: the case failed. */
  private static final List<String> RUNNER_PROBLEMS =
      List.of(
          VerificationResult.INPUT_PROVIDER,
          VerificationResult.INPUT_TRUST_ANCHOR,
          VerificationResult.INPUT_RECOGNIZED,
          VerificationResult.INPUT_RELEASE);

  /**
   * Per purpose, the anchor a case is judged against: the explicit one, else the embedded default.
   */
  private static Map<String, X509Certificate> trusted(Map<String, X509Certificate> explicit) {
    Map<String, X509Certificate> out = new java.util.HashMap<>();
    TrustAnchors defaults = TrustAnchors.defaults();
    List<String> purposes =
        new java.util.ArrayList<>(
            List.of(TrustAnchors.INTEL_SGX_ROOT, TrustAnchors.GOOGLE_CONFIDENTIAL_SPACE_ROOT));
    purposes.addAll(TrustAnchors.AMD_ARKS);
    for (String purpose : purposes) {
      defaults.get(purpose).stream().findFirst().ifPresent(c -> out.put(purpose, c));
    }
    out.putAll(explicit);
    return out;
  }

  private String anchorDescription(Map<String, X509Certificate> explicit, CaseLayout layout) {
    String copies =
        layout.anchorCopies().stream()
            .map(CaseLayout.AnchorFile::fileName)
            .collect(Collectors.joining(", "));
    if (!explicit.isEmpty()) {
      return trustAnchor.get().fileName()
          + " (--trust-anchor)"
          + (copies.isEmpty() ? "" : ", copy in the case: " + copies);
    }
    return copies.isEmpty() ? "" : copies + " (the embedded default)";
  }

  private static JsonObject evaluated(
      String name,
      String kind,
      EvidenceSource src,
      VerificationResult r,
      Optional<Instant> at,
      boolean collateral,
      String anchorFiles) {
    Appraisal a = r.appraisal();
    Verdict v = r.verdict();
    Tcb tcb = a.evidence().platform().tcb();
    return base(name, kind, CaseStatus.PASSED)
        .add("evidence", src.name())
        .add("decision", v.decision().name())
        .add("genuine", a.genuine())
        .add("tcb_status", tcb.status())
        .add("advisory_ids", AppraisalJson.strings(tcb.advisoryIds()))
        .add("measurements", AppraisalJson.measurements(a.evidence().measurements()))
        // Signed release provenance (sigstore and tinfoil cases, --release): what was verified.
        .add(
            "provenance",
            AppraisalJson.evidence(a).getOrDefault("provenance", JsonValue.EMPTY_JSON_ARRAY))
        .add("report_data", a.evidence().reportData())
        .add("checks", AppraisalJson.checks(v.checks()))
        .add(
            "verified_at",
            at.map(Instant::toString).orElse("wall clock (expected.json gives no time)"))
        .add("clock", r.clockSource())
        .add(
            "collateral",
            collateral ? JSON.createValue(CaseLayout.COLLATERAL_DIR + "/") : JsonValue.NULL)
        .add("trust_anchor", anchorFiles.isEmpty() ? "embedded default" : anchorFiles)
        .build();
  }

  private JsonObject skipped(String name, String kind) {
    String known =
        providers.all().stream().map(EvidenceProvider::id).collect(Collectors.joining(", "));
    return base(name, kind, CaseStatus.SKIPPED)
        .add("decision", "SKIPPED")
        .add(
            "reason",
            "no provider for kind '"
                + kind
                + "' (providers: "
                + (known.isEmpty() ? "none" : known)
                + ")")
        .build();
  }

  private static JsonObject failed(String name, String kind, String reason) {
    // Fail closed: a case the runner could not evaluate is never reported as allowed or genuine.
    return base(name, kind, CaseStatus.FAILED)
        .add("decision", "DENY")
        .add("genuine", false)
        .add("reason", reason)
        .build();
  }

  private static JsonObjectBuilder base(String name, String kind, CaseStatus status) {
    return JSON.createObjectBuilder()
        .add("case", name)
        .add("kind", kind)
        .add("status", status.label());
  }

  private static List<Path> subdirectories(Path dir) throws InputException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new InputException(dir.toString(), "cannot list: " + e.getMessage());
    }
  }
}
