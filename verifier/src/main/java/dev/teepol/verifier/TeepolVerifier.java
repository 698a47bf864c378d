package dev.teepol.verifier;

import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Policies;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.eval.PolicyEngine;
import dev.teepol.providers.nras.NrasDirectoryCollateralSource;
import dev.teepol.providers.nras.NrasHttpCollateralSource;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import dev.teepol.providers.tdx.collateral.PcsHttpCollateralSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
  private final List<CollateralSource> collateral;
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
    this.collateral = List.copyOf(collateral);
    this.verdictCache =
        b.verdictCacheTtl == null
            ? null
            : new VerdictCache(b.verdictCacheTtl, b.limits.maxCachedVerdicts());
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
    TrustAnchorFile.Resolution resolved = TrustAnchorFile.byPurpose(anchors, provider.id());
    if (resolved.problem().isPresent()) {
      TrustAnchorFile.Problem p = resolved.problem().get();
      return problem(
          name,
          provider.id(),
          at,
          VerificationResult.INPUT_TRUST_ANCHOR,
          p.where() + ": " + p.message());
    }
    TrustAnchors trust = TrustAnchors.defaults();
    for (Map.Entry<String, X509Certificate> e : resolved.anchors().entrySet()) {
      trust = trust.with(e.getKey(), List.of(e.getValue()));
    }
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
    AppraisalContext ctx = new AppraisalContext(at, trust, cs, options.nonce(), limits);
    Appraisal appraisal;
    try {
      appraisal = provider.appraise(source, ctx);
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

  private static VerifyOptions copyWithName(VerifyOptions o, String name) {
    VerifyOptions.Builder b = VerifyOptions.builder().name(name);
    o.nonce().ifPresent(b::nonce);
    o.nrasDirectory().ifPresent(b::nrasDirectory);
    return b.build();
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
    return anchors.isEmpty()
        ? "embedded default"
        : anchors.stream().map(TrustAnchorFile::file).collect(Collectors.joining(", "));
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
    private Optional<Path> nrasDirectory = Optional.empty();
    private boolean nrasLive;
    private final List<Path> anchorFiles = new ArrayList<>();
    private final List<X509Certificate> anchorCerts = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private String clockSource = "system clock";
    private Limits limits = Limits.DEFAULT;
    private Providers providers;
    private Duration verdictCacheTtl;
    private Consumer<CollateralFetch> collateralObserver;

    private Builder() {}

    /** The policy file that decides (YAML, docs/policy-reference.md). */
    public Builder policy(Path file) {
      this.policyRef = file.toString();
      this.compiled = null;
      return this;
    }

    /**
     * A policy by reference: {@code builtin:<name>} or a file path. Default {@code builtin:strict}.
     */
    public Builder policy(String ref) {
      this.policyRef = Objects.requireNonNull(ref, "ref");
      this.compiled = null;
      return this;
    }

    /** A policy compiled already (by another verifier), named {@code ref} in reports. */
    public Builder policy(CompiledPolicy policy, String ref) {
      this.compiled = Objects.requireNonNull(policy, "policy");
      this.policyRef = Objects.requireNonNull(ref, "ref");
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
     * A trust anchor (DER or PEM, one certificate) replacing the embedded default it names: the
     * same detection as {@code teepol verify --trust-anchor}. May be given once per purpose.
     */
    public Builder trustAnchor(Path file) {
      anchorFiles.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /** A trust anchor given as a certificate; its purpose is detected as for a file. */
    public Builder trustAnchor(X509Certificate certificate) {
      anchorCerts.add(Objects.requireNonNull(certificate, "certificate"));
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
      CompiledPolicy p = compiled != null ? compiled : compile();
      List<TrustAnchorFile> anchors = new ArrayList<>();
      for (Path f : anchorFiles) {
        anchors.add(TrustAnchorFile.read(f, limits));
      }
      anchorCerts.forEach(c -> anchors.add(new TrustAnchorFile("", c)));
      List<CollateralSource> sources = new ArrayList<>();
      collateralDirectory.ifPresent(
          d -> sources.add(new DirectoryCollateralSource(directory(d, "collateral"), limits)));
      // Online only when asked: the directory (if any) is consulted first, then the PCS/PCCS.
      pcs.ifPresent(u -> sources.add(pcsSource(u)));
      nrasDirectory.ifPresent(
          d ->
              sources.add(
                  new NrasDirectoryCollateralSource(
                      directory(d, "recorded NRAS material"), limits)));
      if (nrasLive) {
        sources.add(NrasHttpCollateralSource.builder(clock).limits(limits).build());
      }
      if (collateralObserver != null) {
        sources.replaceAll(s -> new ObservedCollateralSource(s, collateralObserver));
      }
      return new TeepolVerifier(this, p, policyRef, anchors, sources);
    }

    private CollateralSource pcsSource(URI url) {
      String scheme = url.getScheme();
      if (url.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
        throw new TeepolConfigurationException(
            url.toString(), "not an http(s) URL of an Intel PCS or PCCS");
      }
      return PcsHttpCollateralSource.builder(url, clock).limits(limits).build();
    }

    private static Path directory(Path d, String what) {
      if (!Files.isDirectory(d)) {
        throw new TeepolConfigurationException(
            d.toString(), Files.exists(d) ? "not a directory (" + what + ")" : "no such directory");
      }
      return d;
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
