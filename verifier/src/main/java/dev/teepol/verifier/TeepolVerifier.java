package dev.teepol.verifier;

import static dev.teepol.verifier.json.JsonOut.JSON;

import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.Decoded;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.spi.RelyingParty;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Policies;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.eval.PolicyEngine;
import dev.teepol.providers.confidentialspace.ConfidentialSpaceJwksFile;
import dev.teepol.providers.confidentialspace.ConfidentialSpaceJwksHttp;
import dev.teepol.providers.nras.NrasDirectoryCollateralSource;
import dev.teepol.providers.nras.NrasHttpCollateralSource;
import dev.teepol.providers.sigstore.ReleaseConsumer;
import dev.teepol.providers.sigstore.ReleaseFolder;
import dev.teepol.providers.sigstore.ReleaseInputs;
import dev.teepol.providers.sigstore.Releases;
import dev.teepol.providers.sigstore.SigstoreProvider;
import dev.teepol.providers.sigstore.VerifiedRelease;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import dev.teepol.providers.tdx.collateral.PcsHttpCollateralSource;
import dev.teepol.verifier.collateral.CollateralRecorder;
import dev.teepol.verifier.json.AppraisalJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The one way in: verifies attestation evidence and decides with a trust policy.
 *
 * <pre>{@code
 * TeepolVerifier v = TeepolVerifier.builder()
 *     .policy(Path.of("policies/dstack-app.yaml"))      // or .policy("builtin:strict"), the default
 *     .collateralDirectory(Path.of("collateral"))        // or .pcs(URI); offline by default
 *     .trustAnchor(Path.of("root_ca.der"))               // replaces the embedded default it names
 *     .clock(Clock.systemUTC())
 *     .build();                                          // compiles the policy
 * VerificationResult r = v.verify(quoteBytes);
 * if (r.allowed()) { ... }
 * }</pre>
 *
 * <p>A verifier is immutable, thread-safe and meant to live for the whole process: it owns its
 * caches (the compiled policy, verified collateral and PCK chains, parsed JWKS: one set per
 * verifier, nothing JVM-global). Bad evidence never throws: it is a DENY result whose checks say
 * why, naming the field and offset of a malformed input. {@link #close()} releases the HTTP clients
 * of online collateral sources; a closed verifier refuses to verify.
 */
public final class TeepolVerifier implements AutoCloseable {
  private final Providers providers;
  private final CompiledPolicy policy;
  private final PolicyInfo policyInfo;
  private final Clock clock;
  private final String clockSource;
  private final Limits limits;
  private final List<TrustAnchorFile> anchors;

  /**
   * The anchors' purposes for each provider, worked out on first use: they depend only on the
   * anchors this verifier was built with and the provider, and naming a purpose means comparing
   * subjects with every embedded default, which is not a per-verification cost.
   */
  private final Map<String, TrustAnchorFile.Resolution> resolutions =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final List<String> bundles;
  private final Map<String, List<PublicKey>> pinnedKeys;
  private final List<CollateralSource> collateral;
  private final Optional<CollateralRecorder> recorder;
  private final List<byte[]> mockKeys;

  /** A Sigstore trusted root given with --trust-anchor, replacing the embedded public-good one. */
  private final Optional<SigstoreRootFile> sigstoreRoot;

  private final VerdictCache verdictCache;
  private volatile boolean closed;

  private TeepolVerifier(
      Builder b,
      CompiledPolicy policy,
      String policyRef,
      List<TrustAnchorFile> anchors,
      List<CollateralSource> collateral) {
    this.providers = b.providers == null ? Providers.load() : b.providers;
    this.policy = policy;
    this.policyInfo = PolicyInfo.of(policyRef, policy);
    this.clock = b.clock;
    this.clockSource = b.clockSource;
    this.limits = b.limits;
    this.anchors = List.copyOf(anchors);
    this.bundles = List.copyOf(b.bundles);
    this.pinnedKeys = Map.copyOf(b.pinnedKeys);
    this.collateral = List.copyOf(collateral);
    this.recorder = b.recorder;
    this.mockKeys = b.mockKeys.stream().map(byte[]::clone).toList();
    this.sigstoreRoot = b.sigstoreRoot;
    this.verdictCache =
        b.verdictCacheTtl == null
            ? null
            : new VerdictCache(b.verdictCacheTtl, b.limits.maxCachedVerdicts());
  }

  /** A Sigstore trusted root read from a file. */
  record SigstoreRootFile(String file, byte[] content) {}

  /** The embedded defaults with the configured replacements. */
  private TrustAnchors trust(Map<String, X509Certificate> replacements) {
    TrustAnchors trust = TrustAnchors.defaults();
    for (String bundle : bundles) {
      trust = trust.withBundle(bundle);
    }
    // An explicit anchor replaces its purpose, bundles included: who pins a root pins that root.
    for (Map.Entry<String, X509Certificate> e : replacements.entrySet()) {
      trust = trust.with(e.getKey(), List.of(e.getValue()));
    }
    for (Map.Entry<String, List<PublicKey>> e : pinnedKeys.entrySet()) {
      trust = trust.withKeys(e.getKey(), e.getValue());
    }
    if (sigstoreRoot.isPresent()) {
      trust = trust.withDocument(TrustAnchors.SIGSTORE_TRUSTED_ROOT, sigstoreRoot.get().content());
    }
    return trust;
  }

  private TrustAnchorFile.Resolution resolve(String providerId) {
    return resolutions.computeIfAbsent(providerId, id -> TrustAnchorFile.byPurpose(anchors, id));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Verifies evidence with no nonce and no per-call material. */
  public VerificationResult verify(byte[] evidence) {
    return verify(evidence, VerifyOptions.defaults());
  }

  /**
   * Verifies evidence: detects its provider from the bytes, appraises it at one instant read once
   * from the verifier's clock, and decides with the policy. Never throws for bad evidence.
   */
  public VerificationResult verify(byte[] evidence, VerifyOptions options) {
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(options, "options");
    if (closed) {
      throw new IllegalStateException("this TeepolVerifier is closed");
    }
    if (verdictCache == null || evidence.length > limits.maxEvidenceBytes()) {
      return appraiseAndDecide(evidence, options);
    }
    VerdictCache.Key key = VerdictCache.key(evidence, policyInfo, options);
    Optional<VerificationResult> hit = verdictCache.get(key, clock.instant());
    if (hit.isPresent()) {
      return hit.get();
    }
    VerificationResult r = appraiseAndDecide(evidence, options);
    Instant judged = r.verifiedAt();
    verdictCache.offer(key, r, judged, PolicyTime.horizon(policy, r.appraisal(), judged));
    return r;
  }

  /** What the verdict cache did ({@link VerdictCacheStats#NONE} without one). */
  public VerdictCacheStats verdictCacheStats() {
    return verdictCache == null ? VerdictCacheStats.NONE : verdictCache.stats();
  }

  private VerificationResult appraiseAndDecide(byte[] evidence, VerifyOptions options) {
    // One instant for the provider, the policy and the report, read only if one of them needs it.
    OnceClock at = new OnceClock(clock);
    String name = options.name();
    if (evidence.length > limits.maxEvidenceBytes()) {
      return problem(
          name,
          "",
          at,
          VerificationResult.INPUT_SIZE,
          name
              + " is "
              + evidence.length
              + " bytes, over the limit of "
              + limits.maxEvidenceBytes()
              + " bytes");
    }
    EvidenceSource source = new EvidenceSource(name, evidence);
    Optional<EvidenceProvider> detected = providers.detect(source, limits);
    if (detected.isEmpty()) {
      return problem(
          name,
          "",
          at,
          VerificationResult.INPUT_RECOGNIZED,
          Unrecognized.why(evidence, limits)
              + " (providers: "
              + providers.all().stream().map(EvidenceProvider::id).collect(Collectors.joining(", "))
              + ")");
    }
    EvidenceProvider provider = detected.get();
    TrustAnchorFile.Resolution resolved = resolve(provider.id());
    if (resolved.problem().isPresent()) {
      TrustAnchorFile.Problem p = resolved.problem().get();
      return problem(
          name,
          provider.id(),
          at,
          VerificationResult.INPUT_TRUST_ANCHOR,
          p.where() + ": " + p.message());
    }
    TrustAnchors trust = trust(resolved.anchors());
    List<CollateralSource> sources = new ArrayList<>(collateral);
    if (options.nrasDirectory().isPresent()) {
      sources.add(new NrasDirectoryCollateralSource(options.nrasDirectory().get(), limits));
    }
    CollateralSource cs =
        sources.isEmpty()
            ? CollateralSource.none()
            : sources.size() == 1
                ? sources.get(0)
                : CollateralSource.firstOf(sources.toArray(CollateralSource[]::new));
    if (recorder.isPresent()) {
      cs = recorder.get().wrap(cs);
    }
    RelyingParty party = new RelyingParty(options.audience(), mockKeys);
    AppraisalContext ctx = new AppraisalContext(at, trust, cs, options.nonce(), limits, party);
    ReleaseInputs releases;
    try {
      releases = releases(options);
    } catch (IOException e) {
      return problem(name, provider.id(), at, VerificationResult.INPUT_RELEASE, e.getMessage());
    }
    Appraisal appraisal;
    try {
      if (provider instanceof ReleaseConsumer consumer) {
        appraisal = consumer.appraise(source, releases, ctx);
      } else {
        appraisal = withReleases(provider.appraise(source, ctx), releases, ctx);
      }
    } catch (RuntimeException e) {
      // Providers must not throw for bad evidence; if one does, that is a teepol bug, reported as
      // such.
      return problem(
          name,
          provider.id(),
          at,
          VerificationResult.INPUT_PROVIDER,
          "internal error in provider " + provider.id() + ": " + e);
    }
    // A policy without a time-dependent check is given a placeholder it never looks at.
    Instant now = at.wasRead() || readsClock(policy) ? at.instant() : Instant.EPOCH;
    Verdict verdict = PolicyEngine.evaluate(policy, appraisal, now);
    Optional<String> unparsable =
        VerificationResult.parseFailure(appraisal).map(c -> c.outcome().reason());
    return new VerificationResult(
        name,
        provider.id(),
        at,
        clockSource,
        describe(sources),
        describeAnchors(),
        policyInfo,
        appraisal,
        verdict,
        unparsable);
  }

  /**
   * Verifies release folders alone ({@code teepol verify --release DIR} without evidence): the
   * first release is the evidence (kind {@code sigstore}), the others are attached to it.
   *
   * @throws IllegalArgumentException the options name no release
   */
  public VerificationResult verifyReleases(VerifyOptions options) {
    Objects.requireNonNull(options, "options");
    if (options.releases().isEmpty()) {
      throw new IllegalArgumentException("no release folder given");
    }
    if (closed) {
      throw new IllegalStateException("this TeepolVerifier is closed");
    }
    OnceClock at = new OnceClock(clock);
    String name = options.releases().get(0).toString();
    SigstoreProvider sigstore =
        providers
            .byType(SigstoreProvider.class)
            .orElseThrow(() -> new IllegalStateException("no Sigstore provider in this set"));
    ReleaseInputs releases;
    try {
      releases = releases(options);
    } catch (IOException e) {
      return problem(
          name, SigstoreProvider.ID, at, VerificationResult.INPUT_RELEASE, e.getMessage());
    }
    TrustAnchorFile.Resolution resolved = resolve(SigstoreProvider.ID);
    if (resolved.problem().isPresent()) {
      TrustAnchorFile.Problem p = resolved.problem().get();
      return problem(
          name,
          SigstoreProvider.ID,
          at,
          VerificationResult.INPUT_TRUST_ANCHOR,
          p.where() + ": " + p.message());
    }
    TrustAnchors trust = trust(resolved.anchors());
    AppraisalContext ctx =
        new AppraisalContext(at, trust, CollateralSource.none(), options.nonce(), limits);
    Appraisal primary =
        sigstore.appraiseRelease(releases.folders().get(0), releases.identities(), ctx);
    Appraisal appraisal =
        withReleases(
            primary,
            new ReleaseInputs(
                releases.folders().subList(1, releases.folders().size()), releases.identities()),
            ctx);
    Instant now = at.wasRead() || readsClock(policy) ? at.instant() : Instant.EPOCH;
    Verdict verdict = PolicyEngine.evaluate(policy, appraisal, now);
    return new VerificationResult(
        name,
        SigstoreProvider.ID,
        at,
        clockSource,
        describe(collateral),
        describeAnchors(),
        policyInfo,
        appraisal,
        verdict,
        VerificationResult.parseFailure(appraisal).map(c -> c.outcome().reason()));
  }

  private ReleaseInputs releases(VerifyOptions options) throws IOException {
    if (options.releases().size() > limits.maxAttestedParts()) {
      throw new IOException(
          options.releases().size()
              + " release folders, over the limit of "
              + limits.maxAttestedParts());
    }
    List<ReleaseFolder> folders = new ArrayList<>();
    for (Path dir : options.releases()) {
      folders.add(ReleaseFolder.read(dir, limits));
    }
    return new ReleaseInputs(folders, options.releaseIdentities());
  }

  /**
   * Another provider's appraisal with the releases verified and attached (their provenance, their
   * checks).
   */
  private Appraisal withReleases(Appraisal primary, ReleaseInputs releases, AppraisalContext ctx) {
    if (releases.folders().isEmpty()) {
      return primary;
    }
    SigstoreProvider sigstore =
        providers
            .byType(SigstoreProvider.class)
            .orElseThrow(() -> new IllegalStateException("no Sigstore provider in this set"));
    List<VerifiedRelease> verified = new ArrayList<>();
    for (ReleaseFolder f : releases.folders()) {
      verified.add(sigstore.verifyRelease(f, releases.identities(), ctx));
    }
    return Releases.attach(primary, verified);
  }

  /**
   * Reads a file (bounded by {@link Limits#maxEvidenceBytes()}, whatever its type) and verifies it,
   * named by its path unless the options name it.
   *
   * @throws IOException the file cannot be read (it does not exist, is a directory, ...)
   */
  public VerificationResult verify(Path file, VerifyOptions options) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + " is a directory, not an evidence file");
    }
    VerifyOptions named =
        options.name().equals(VerifyOptions.defaults().name())
            ? copyWithName(options, file.toString())
            : options;
    byte[] bytes;
    try {
      bytes = BoundedFiles.read(file, limits.maxEvidenceBytes(), file.toString());
    } catch (LimitExceededException e) {
      return problem(
          named.name(), "", new OnceClock(clock), VerificationResult.INPUT_SIZE, e.getMessage());
    }
    return verify(bytes, named);
  }

  /**
   * Decodes evidence without verifying it ({@code teepol inspect}): the provider that recognizes it
   * shows every field it decodes, or the normalized evidence of an offline appraisal when it does
   * not decode its format field by field. Nothing is fetched (no collateral source is consulted),
   * no policy is evaluated, and nothing in the result was checked. Never throws for bad evidence:
   * what cannot be decoded is {@link Inspection#problem()}.
   *
   * @param name how the evidence is named in the result and in messages
   */
  public Inspection inspect(byte[] evidence, String name) {
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(name, "name");
    if (closed) {
      throw new IllegalStateException("this TeepolVerifier is closed");
    }
    if (evidence.length > limits.maxEvidenceBytes()) {
      return Inspection.failed(
          name,
          "",
          name
              + " is "
              + evidence.length
              + " bytes, over the limit of "
              + limits.maxEvidenceBytes()
              + " bytes");
    }
    EvidenceSource source = new EvidenceSource(name, evidence);
    Optional<EvidenceProvider> detected = providers.detect(source, limits);
    if (detected.isEmpty()) {
      return Inspection.failed(
          name,
          "",
          Unrecognized.why(evidence, limits)
              + " (providers: "
              + providers.all().stream().map(EvidenceProvider::id).collect(Collectors.joining(", "))
              + ")");
    }
    EvidenceProvider provider = detected.get();
    // Anchors only shape the generic fallback's normalized evidence; one that fits no purpose is
    // verify's error to report, and decoding goes on with the defaults.
    TrustAnchors trust = TrustAnchors.defaults();
    TrustAnchorFile.Resolution resolved = resolve(provider.id());
    if (resolved.problem().isEmpty()) {
      for (Map.Entry<String, X509Certificate> e : resolved.anchors().entrySet()) {
        trust = trust.with(e.getKey(), List.of(e.getValue()));
      }
    }
    AppraisalContext offline =
        new AppraisalContext(
            new OnceClock(clock), trust, CollateralSource.none(), Optional.empty(), limits);
    Decoded decoded;
    try {
      decoded = provider.inspect(source, offline);
    } catch (RuntimeException e) {
      return Inspection.failed(
          name, provider.id(), "internal error in provider " + provider.id() + ": " + e);
    }
    if (decoded instanceof Decoded.Fields f) {
      return new Inspection(
          name, provider.id(), Inspection.Method.FIELDS, f.root(), Optional.empty());
    }
    if (decoded instanceof Decoded.Undecodable u) {
      return Inspection.failed(name, provider.id(), u.reason());
    }
    Appraisal a = ((Decoded.Normalized) decoded).appraisal();
    Optional<String> unparsable = VerificationResult.parseFailure(a).map(c -> c.outcome().reason());
    if (unparsable.isPresent()) {
      return Inspection.failed(name, provider.id(), unparsable.get());
    }
    return new Inspection(
        name,
        provider.id(),
        Inspection.Method.NORMALIZED,
        (Decoded.Group) Decoded.of(unverified(AppraisalJson.evidence(a))),
        Optional.empty());
  }

  /** Reads a file (bounded like {@link #verify(Path, VerifyOptions)}) and inspects it. */
  public Inspection inspect(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + " is a directory, not an evidence file");
    }
    byte[] bytes;
    try {
      bytes = BoundedFiles.read(file, limits.maxEvidenceBytes(), file.toString());
    } catch (LimitExceededException e) {
      return Inspection.failed(file.toString(), "", e.getMessage());
    }
    return inspect(bytes, file.toString());
  }

  /**
   * The normalized evidence without what only a verification establishes: the provider's check
   * outcomes, {@code genuine} and the nonce state (no nonce was given), here and in each component.
   */
  private static JsonObject unverified(JsonObject evidence) {
    JsonObjectBuilder b = JSON.createObjectBuilder();
    evidence.forEach(
        (k, v) -> {
          if (k.equals("components") && v instanceof JsonObject parts) {
            JsonObjectBuilder c = JSON.createObjectBuilder();
            parts.forEach((name, part) -> c.add(name, unverified((JsonObject) part)));
            b.add(k, c);
          } else if (!k.equals("checks") && !k.equals("genuine") && !k.equals("nonce")) {
            b.add(k, v);
          }
        });
    return b.build();
  }

  private static VerifyOptions copyWithName(VerifyOptions o, String name) {
    return o.toBuilder().name(name).build();
  }

  /** The policy that decides. */
  public PolicyInfo policy() {
    return policyInfo;
  }

  /**
   * The compiled policy, for reuse by another verifier ({@link Builder#policy(CompiledPolicy,
   * String)}).
   */
  public CompiledPolicy compiledPolicy() {
    return policy;
  }

  /** The providers this verifier detects evidence with (its own instances and caches). */
  public Providers providers() {
    return providers;
  }

  @Override
  public void close() {
    closed = true;
  }

  /**
   * Whether a policy's checks or outputs depend on {@code now}; conservative (any mention counts).
   */
  static boolean readsClock(CompiledPolicy p) {
    var spec = p.policy().spec();
    boolean tcbTime =
        spec.tcb()
            .map(
                t ->
                    t.maxCollateralAge().isPresent()
                        || t.outOfDateGrace().isPresent()
                        || t.expires().isPresent())
            .orElse(false);
    return tcbTime
        || spec.rules().stream().anyMatch(r -> r.expression().text().contains("now"))
        || spec.outputs().stream().anyMatch(o -> o.expression().text().contains("now"));
  }

  private VerificationResult problem(
      String name, String provider, OnceClock at, String checkId, String reason) {
    Appraisal a = Appraisal.unparsable(provider, name, checkId, reason);
    Verdict v =
        Verdict.of(List.of(CheckResult.fail(checkId, CheckCategory.PARSE, reason)), Map.of());
    return new VerificationResult(
        name,
        provider,
        at,
        clockSource,
        describe(collateral),
        describeAnchors(),
        policyInfo,
        a,
        v,
        Optional.of(reason));
  }

  private static String describe(List<CollateralSource> sources) {
    return sources.isEmpty()
        ? "none (collateral checks are UNEVALUABLE)"
        : sources.stream().map(CollateralSource::describe).collect(Collectors.joining(" then "));
  }

  private String describeAnchors() {
    List<String> parts = new ArrayList<>();
    anchors.stream()
        .map(
            a ->
                a.declared().map(p -> p + "=").orElse("")
                    + (a.file().isEmpty() ? "(certificate)" : a.file()))
        .forEach(parts::add);
    sigstoreRoot.ifPresent(r -> parts.add(r.file()));
    bundles.forEach(b -> parts.add(Policies.BUILTIN_PREFIX + b + " (embedded bundle)"));
    pinnedKeys.forEach(
        (purpose, keys) -> parts.add(keys.size() + " pinned " + purpose + " key(s)"));
    return parts.isEmpty() ? "embedded default" : String.join(", ", parts);
  }

  /**
   * Configures a {@link TeepolVerifier}; {@link #build()} checks everything and compiles the
   * policy.
   */
  public static final class Builder {
    private String policyRef = Policies.BUILTIN_PREFIX + "strict";
    private CompiledPolicy compiled;
    private Optional<Path> collateralDirectory = Optional.empty();
    private Optional<URI> pcs = Optional.empty();
    private Optional<URI> pcsRootCaCrl = Optional.empty();
    private Optional<CollateralRecorder> recorder = Optional.empty();
    private Optional<Path> nrasDirectory = Optional.empty();
    private boolean nrasLive;
    private Optional<Path> confidentialSpaceJwks = Optional.empty();
    private boolean confidentialSpaceJwksLive;
    private final List<byte[]> mockKeys = new ArrayList<>();
    private Optional<Path> amdCertificates = Optional.empty();
    private Optional<URI> kds = Optional.empty();
    private final List<Path> anchorFiles = new ArrayList<>();
    private Optional<SigstoreRootFile> sigstoreRoot = Optional.empty();
    private final List<X509Certificate> anchorCerts = new ArrayList<>();
    private final List<TrustAnchorFile> declaredCerts = new ArrayList<>();
    private final List<String> bundles = new ArrayList<>();
    private final Map<String, List<PublicKey>> pinnedKeys = new java.util.LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private String clockSource = "system clock";
    private Limits limits = Limits.DEFAULT;
    private Providers providers;
    private Path bundle;
    private dev.teepol.verifier.bundle.TrustedSigners bundleSigners;
    private Optional<String> bundlePolicy = Optional.empty();
    private Path bundleVersionFile;
    private Duration verdictCacheTtl;
    private Consumer<CollateralFetch> collateralObserver;

    private Builder() {}

    /**
     * The policy comes from a signed policy bundle (docs/policy-bundles.md): {@link #build()}
     * verifies its signature by one of {@code trustedSigners}, refuses a version older than the one
     * recorded in {@link #bundleVersionFile(Path)} (which it requires), and compiles the bundle's
     * only policy. Replaces any {@code policy(...)} given.
     */
    public Builder policyBundle(
        Path bundle, dev.teepol.verifier.bundle.TrustedSigners trustedSigners) {
      this.bundle = Objects.requireNonNull(bundle, "bundle");
      this.bundleSigners = Objects.requireNonNull(trustedSigners, "trustedSigners");
      this.bundlePolicy = Optional.empty();
      this.compiled = null;
      return this;
    }

    /**
     * As {@link #policyBundle(Path, dev.teepol.verifier.bundle.TrustedSigners)}, naming the policy
     * by its path in the bundle.
     */
    public Builder policyBundle(
        Path bundle, dev.teepol.verifier.bundle.TrustedSigners trustedSigners, String policyPath) {
      policyBundle(bundle, trustedSigners);
      this.bundlePolicy = Optional.of(Objects.requireNonNull(policyPath, "policyPath"));
      return this;
    }

    /**
     * Where the highest accepted bundle version is kept (rollback protection); required with a
     * bundle. Created on first use, replaced atomically when a newer bundle is accepted.
     */
    public Builder bundleVersionFile(Path file) {
      this.bundleVersionFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** The policy file that decides (YAML, docs/policy-reference.md). */
    public Builder policy(Path file) {
      this.policyRef = file.toString();
      this.compiled = null;
      this.bundle = null;
      return this;
    }

    /**
     * A policy by reference: {@code builtin:<name>} or a file path. Default {@code builtin:strict}.
     */
    public Builder policy(String ref) {
      this.policyRef = Objects.requireNonNull(ref, "ref");
      this.compiled = null;
      this.bundle = null;
      return this;
    }

    /** A policy compiled already (by another verifier), named {@code ref} in reports. */
    public Builder policy(CompiledPolicy policy, String ref) {
      this.compiled = Objects.requireNonNull(policy, "policy");
      this.policyRef = Objects.requireNonNull(ref, "ref");
      this.bundle = null;
      return this;
    }

    /**
     * DCAP collateral in Intel PCS v4 shapes from a directory (docs/collateral.md). Without any
     * collateral source nothing is fetched: collateral checks are UNEVALUABLE and policies deny.
     */
    public Builder collateralDirectory(Path dir) {
      this.collateralDirectory = Optional.of(dir);
      return this;
    }

    /** Fetch missing DCAP collateral from an Intel PCS or PCCS v4 base URL, after the directory. */
    public Builder pcs(URI baseUrl) {
      this.pcs = Optional.of(baseUrl);
      return this;
    }

    /** Fetch missing DCAP collateral from Intel's PCS. */
    public Builder pcs() {
      return pcs(PcsHttpCollateralSource.INTEL_PCS);
    }

    /**
     * Where the PCS source fetches the Intel SGX Root CA CRL (DER) from, instead of Intel's
     * certificates site: a mirror reachable where Intel is not. Only with {@link #pcs(URI)}.
     */
    public Builder pcsRootCaCrl(URI url) {
      this.pcsRootCaCrl = Optional.of(Objects.requireNonNull(url, "url"));
      return this;
    }

    /**
     * Saves every collateral document a verification fetches into the recorder's directory, in the
     * layout {@link #collateralDirectory} and {@link #nrasDirectory} read, so it can be repeated
     * offline ({@code teepol collateral fetch}).
     */
    public Builder recordCollateral(CollateralRecorder recorder) {
      this.recorder = Optional.of(Objects.requireNonNull(recorder, "recorder"));
      return this;
    }

    /** Recorded NVIDIA NRAS material (response, JWKS) for GPU evidence, for every verification. */
    public Builder nrasDirectory(Path dir) {
      this.nrasDirectory = Optional.of(dir);
      return this;
    }

    /**
     * Ask NVIDIA's NRAS over HTTPS for GPU verdicts and its JWKS, after any recorded material. Off
     * by default: teepol goes online only when asked. The JWKS keys still count only when chained
     * to the pinned NRAS intermediate.
     */
    public Builder nrasLive() {
      this.nrasLive = true;
      return this;
    }

    /**
     * A JWKS file for OIDC-flavoured Confidential Space tokens (PKI tokens need none: their key
     * chains to the pinned root). The file is your pin: teepol never takes a JWKS from the
     * evidence.
     */
    public Builder confidentialSpaceJwks(Path file) {
      this.confidentialSpaceJwks = Optional.of(file);
      return this;
    }

    /**
     * Fetch Google's Confidential Space JWKS over HTTPS for OIDC tokens, after any file. Off by
     * default; those keys are then anchored only by TLS to Google's host (docs/security.md).
     */
    public Builder confidentialSpaceJwksLive() {
      this.confidentialSpaceJwksLive = true;
      return this;
    }

    /**
     * An HMAC key shared with mock attesters (the development attester, Blindference tier 0); may
     * be given several times. Published default keys need not be given: they are always tried, and
     * policies refuse them unless they name them.
     */
    public Builder mockKey(byte[] key) {
      Objects.requireNonNull(key, "key");
      if (key.length == 0) {
        throw new TeepolConfigurationException("mock key", "empty key");
      }
      mockKeys.add(key.clone());
      return this;
    }

    /**
     * A trust anchor (DER or PEM, one certificate) replacing the embedded default it names: the
     * same detection as {@code teepol verify --trust-anchor}. May be given once per purpose. {@code
     * builtin:NAME} opts into an embedded bundle instead ({@link #trustBundle}); {@code
     * PURPOSE=FILE} declares the purpose ({@link #trustAnchor(String, X509Certificate)}).
     */
    public Builder trustAnchor(Path file) {
      anchorFiles.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /**
     * Trusts an embedded optional bundle besides the defaults ({@link TrustAnchors#bundleNames()}):
     * {@code gce-vtpm} is Google's GCE vTPM EK/AK CAs, for AK certificates of GCE VMs. Off by
     * default. {@link #trustAnchor(Path)} with {@code builtin:NAME} does the same.
     *
     * @throws TeepolConfigurationException for a name that is not a bundle
     */
    public Builder trustBundle(String name) {
      if (!TrustAnchors.bundleNames().contains(name)) {
        throw new TeepolConfigurationException(
            Policies.BUILTIN_PREFIX + name,
            "no embedded trust bundle '"
                + name
                + "' (bundles: "
                + TrustAnchors.bundleNames()
                + ")");
      }
      if (!bundles.contains(name)) {
        bundles.add(name);
      }
      return this;
    }

    /**
     * Pins a public key for a purpose that accepts keys, such as {@link TrustAnchors#TPM_AK}: a TPM
     * attestation key the operator registered out of band, trusted without a certificate. Repeat to
     * pin several.
     */
    public Builder pinnedKey(String purpose, PublicKey key) {
      pinnedKeys
          .computeIfAbsent(Objects.requireNonNull(purpose, "purpose"), k -> new ArrayList<>())
          .add(Objects.requireNonNull(key, "key"));
      return this;
    }

    /** A trust anchor given as a certificate; its purpose is detected as for a file. */
    public Builder trustAnchor(X509Certificate certificate) {
      anchorCerts.add(Objects.requireNonNull(certificate, "certificate"));
      return this;
    }

    /**
     * A trust anchor for a declared purpose ({@link TrustAnchorFile#declarablePurposes()}, e.g.
     * {@link TrustAnchors#TPM_AK_ROOT}), whatever its subject says: what a verifier of several
     * kinds of evidence needs for an anchor of a private PKI, which detection would otherwise take
     * for the root of every provider. The same as {@code trustAnchor(Path.of(purpose + "=" +
     * file))} and {@code --trust-anchor PURPOSE=FILE}.
     *
     * @throws TeepolConfigurationException for a purpose that is not declarable
     */
    public Builder trustAnchor(String purpose, X509Certificate certificate) {
      declaredCerts.add(
          new TrustAnchorFile("", Objects.requireNonNull(certificate, "certificate"))
              .declaredFor(Objects.requireNonNull(purpose, "purpose")));
      return this;
    }

    /** The clock every verification reads once. Default: the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      this.clockSource = "injected clock";
      return this;
    }

    /** How reports name the clock (the CLI says "--at" or "wall clock"). */
    public Builder clockDescription(String description) {
      this.clockSource = Objects.requireNonNull(description, "description");
      return this;
    }

    /**
     * AMD SEV-SNP certificates (VCEK/VLEK, ASK/ASVK, ARK; DER or PEM, found by content) and CRLs in
     * a directory. They are evidence, not trust: each is verified to the pinned ARK of the report's
     * product, and one that does not verify fails the chain check (docs/providers/sevsnp.md).
     */
    public Builder amdCertificates(Path dir) {
      this.amdCertificates = Optional.of(dir);
      return this;
    }

    /**
     * Fetch missing SEV-SNP certificates and CRLs from an AMD KDS base URL (cached; after any
     * certificate directory). Off by default.
     */
    public Builder kds(URI baseUrl) {
      this.kds = Optional.of(baseUrl);
      return this;
    }

    /**
     * Fetch missing SEV-SNP certificates and CRLs from AMD's KDS ({@code https://kdsintf.amd.com}).
     */
    public Builder kds() {
      return kds(dev.teepol.providers.sevsnp.collateral.KdsHttpCollateralSource.AMD_KDS);
    }

    /** Size bounds (docs/limits.md). Default {@link Limits#DEFAULT}. */
    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * The providers to detect and appraise with, sharing their caches with whoever else holds them.
     * Default: a fresh set from the class path ({@link Providers#load()}), owned by this verifier.
     */
    public Builder providers(Providers providers) {
      this.providers = Objects.requireNonNull(providers, "providers");
      return this;
    }

    /**
     * Keep verdicts for up to {@code ttl} and answer the same evidence with the same options from
     * memory. An entry never outlives the earliest next update of the collateral, or expiry of a
     * certificate or token, the appraisal depended on, nor the first instant a time comparison of
     * the policy flips; a verdict with an UNEVALUABLE check, or from a provider or policy whose
     * time horizon is unknown, is not kept. At most {@link Limits#maxCachedVerdicts()} entries. Off
     * by default.
     */
    public Builder verdictCache(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("verdict cache TTL must be positive: " + ttl);
      }
      this.verdictCacheTtl = ttl;
      return this;
    }

    /**
     * Tell {@code observer} about every request a verification makes to a configured collateral
     * source (a service counts fetches and failures). The observer runs on the verifying thread and
     * must be quick; what it throws is ignored.
     */
    public Builder collateralObserver(Consumer<CollateralFetch> observer) {
      this.collateralObserver = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Checks the configuration and compiles the policy.
     *
     * @throws TeepolConfigurationException the policy cannot be read or does not compile (every
     *     error at file:line:col in {@link TeepolConfigurationException#compileErrors()}), a trust
     *     anchor is not one certificate, a directory does not exist
     */
    public TeepolVerifier build() {
      CompiledPolicy p = bundle != null ? fromBundle() : compiled != null ? compiled : compile();
      List<TrustAnchorFile> anchors = new ArrayList<>();
      for (Path f : anchorFiles) {
        String ref = f.toString();
        if (ref.startsWith(Policies.BUILTIN_PREFIX)) {
          trustBundle(ref.substring(Policies.BUILTIN_PREFIX.length()));
          continue;
        }
        Optional<Map.Entry<String, Path>> declared = TrustAnchorFile.declaration(ref);
        if (declared.isPresent()) {
          anchors.add(
              TrustAnchorFile.read(declared.get().getValue(), limits)
                  .declaredFor(declared.get().getKey()));
          continue;
        }
        // A Sigstore trusted root is an anchor too, but a document: it replaces the embedded one.
        Optional<byte[]> root = SigstoreRoots.read(f, limits);
        if (root.isPresent()) {
          if (sigstoreRoot.isPresent()) {
            throw new TeepolConfigurationException(
                f.toString(),
                "a second Sigstore trusted root (the first: " + sigstoreRoot.get().file() + ")");
          }
          sigstoreRoot = Optional.of(new SigstoreRootFile(f.toString(), root.get()));
          continue;
        }
        anchors.add(TrustAnchorFile.read(f, limits));
      }
      anchorCerts.forEach(c -> anchors.add(new TrustAnchorFile("", c)));
      anchors.addAll(declaredCerts);
      List<CollateralSource> sources = new ArrayList<>();
      collateralDirectory.ifPresent(
          d -> sources.add(new DirectoryCollateralSource(directory(d, "collateral"), limits)));
      // Online only when asked: the directory (if any) is consulted first, then the PCS/PCCS.
      if (pcsRootCaCrl.isPresent() && pcs.isEmpty()) {
        throw new TeepolConfigurationException(
            pcsRootCaCrl.get().toString(), "a root CA CRL URL is used only with a PCS (pcs())");
      }
      pcs.ifPresent(u -> sources.add(pcsSource(u)));
      nrasDirectory.ifPresent(
          d ->
              sources.add(
                  new NrasDirectoryCollateralSource(
                      directory(d, "recorded NRAS material"), limits)));
      if (nrasLive) {
        sources.add(NrasHttpCollateralSource.builder(clock).limits(limits).build());
      }
      confidentialSpaceJwks.ifPresent(
          f -> {
            if (!Files.isRegularFile(f)) {
              throw new TeepolConfigurationException(
                  f.toString(),
                  Files.exists(f) ? "not a file (Confidential Space JWKS)" : "no such file");
            }
            sources.add(new ConfidentialSpaceJwksFile(f, limits));
          });
      if (confidentialSpaceJwksLive) {
        sources.add(ConfidentialSpaceJwksHttp.builder(clock).limits(limits).build());
      }
      amdCertificates.ifPresent(
          d ->
              sources.add(
                  new dev.teepol.providers.sevsnp.collateral.AmdCertificateDirectory(
                      directory(d, "AMD certificates"), limits)));
      kds.ifPresent(u -> sources.add(kdsSource(u)));
      if (collateralObserver != null) {
        sources.replaceAll(s -> new ObservedCollateralSource(s, collateralObserver));
      }
      return new TeepolVerifier(this, p, policyRef, anchors, sources);
    }

    private CollateralSource pcsSource(URI url) {
      PcsHttpCollateralSource.Builder b =
          PcsHttpCollateralSource.builder(httpUrl(url, "an Intel PCS or PCCS"), clock)
              .limits(limits);
      pcsRootCaCrl.ifPresent(crl -> b.rootCaCrlUrl(httpUrl(crl, "a root CA CRL")));
      return b.build();
    }

    private CollateralSource kdsSource(URI url) {
      return dev.teepol.providers.sevsnp.collateral.KdsHttpCollateralSource.builder(
              httpUrl(url, "an AMD KDS"), clock)
          .limits(limits)
          .build();
    }

    /** {@code url} when it is an http(s) URL with a host; a configuration error naming it else. */
    private static URI httpUrl(URI url, String what) {
      String scheme = url.getScheme();
      if (url.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
        throw new TeepolConfigurationException(url.toString(), "not an http(s) URL of " + what);
      }
      return url;
    }

    private static Path directory(Path d, String what) {
      if (!Files.isDirectory(d)) {
        throw new TeepolConfigurationException(
            d.toString(), Files.exists(d) ? "not a directory (" + what + ")" : "no such directory");
      }
      return d;
    }

    /**
     * Verify, then trust: the signature and the version are checked before the policy is compiled,
     * and the version is recorded only once the policy compiled.
     */
    private CompiledPolicy fromBundle() {
      String where = bundle.toString();
      if (bundleVersionFile == null) {
        throw new TeepolConfigurationException(
            where, "a policy bundle needs bundleVersionFile(...) for rollback protection");
      }
      try {
        byte[] bytes =
            BoundedFiles.read(bundle, Limits.MAX_POLICY_BUNDLE_BYTES * 2L, "policy bundle");
        dev.teepol.verifier.bundle.VerifiedBundle v =
            dev.teepol.verifier.bundle.SignedBundles.verify(bytes, bundleSigners);
        var versions = new dev.teepol.verifier.bundle.VersionFile(bundleVersionFile);
        versions.check(v);
        var policies = v.bundle().policies();
        var chosen =
            bundlePolicy.isPresent()
                ? v.bundle()
                    .policy(bundlePolicy.get())
                    .orElseThrow(
                        () ->
                            new TeepolConfigurationException(
                                where,
                                "the bundle has no policy "
                                    + bundlePolicy.get()
                                    + " (policies: "
                                    + policies.stream().map(f -> f.path()).toList()
                                    + ")"))
                : policies.size() == 1 ? policies.get(0) : null;
        if (chosen == null) {
          throw new TeepolConfigurationException(
              where,
              "the bundle has "
                  + policies.size()
                  + " policies: name one with policyBundle(path, signers, policyPath) ("
                  + policies.stream().map(f -> f.path()).toList()
                  + ")");
        }
        policyRef =
            "bundle " + v.bundle().name() + " v" + v.bundle().version() + ": " + chosen.path();
        CompiledPolicy p;
        try {
          p = PolicyCompiler.compile(chosen.text(), policyRef);
        } catch (PolicyCompileException e) {
          throw new TeepolConfigurationException(
              policyRef, "policy does not compile (" + e.getMessage() + ")", e);
        }
        versions.checkAndRecord(v);
        return p;
      } catch (NoSuchFileException e) {
        throw new TeepolConfigurationException(where, "no such policy bundle");
      } catch (IOException | LimitExceededException e) {
        throw new TeepolConfigurationException(
            where, "cannot read policy bundle: " + e.getMessage());
      } catch (dev.teepol.verifier.bundle.BundleException e) {
        throw new TeepolConfigurationException(where, e.getMessage());
      }
    }

    private CompiledPolicy compile() {
      String text;
      try {
        text = Policies.source(policyRef);
      } catch (NoSuchFileException e) {
        throw new TeepolConfigurationException(policyRef, "no such policy file");
      } catch (IOException e) {
        throw new TeepolConfigurationException(policyRef, "cannot read policy: " + e.getMessage());
      }
      try {
        return PolicyCompiler.compile(text, policyRef);
      } catch (PolicyCompileException e) {
        throw new TeepolConfigurationException(
            policyRef, "policy does not compile (" + e.getMessage() + ")", e);
      }
    }
  }
}
