package dev.teepol.providers.sigstore;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.cache.LruCache;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.json.JsonEvidenceProvider;
import dev.teepol.providers.json.JsonPrefix;
import dev.teepol.providers.sigstore.abi.Bundle;
import dev.teepol.providers.sigstore.abi.BundleParser;
import dev.teepol.providers.sigstore.abi.TrustedRoot;
import dev.teepol.providers.sigstore.abi.TrustedRootParser;
import dev.teepol.providers.sigstore.verify.BundleVerifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Sigstore bundles (v0.1-v0.3), verified offline against the trusted root the context's {@link
 * TrustAnchors} holds ({@link TrustAnchors#SIGSTORE_TRUSTED_ROOT}: the public-good root by
 * default). A bare bundle is evidence of provenance ({@code evidence.provenance}); {@link
 * #verifyRelease} publishes a {@link VerifiedRelease} for the providers and callers that tie a
 * release to hardware evidence or to an image digest.
 */
public final class SigstoreProvider extends JsonEvidenceProvider<Bundle> {
  public static final String ID = "sigstore";

  /** Parsed trusted roots by the SHA-256 of their bytes: a root is parsed once per provider. */
  private final LruCache<String, TrustedRoot> roots = new LruCache<>(8);

  /**
   * Releases that verified completely, by everything their outcome depends on (the bundle, the
   * configured root, the folder's root copy, the artifact digest, the pinned identities). Only a
   * full pass is kept; the one clock-dependent check (logged no later than now) is re-applied on a
   * hit, and a later clock cannot undo it.
   */
  private final LruCache<String, VerifiedRelease> verified = new LruCache<>(256);

  SigstoreProvider() {
    super(ID, SigstoreChecks.PARSE);
  }

  /**
   * A JSON object with a string {@code mediaType}, a {@code verificationMaterial} object and
   * content.
   */
  @Override
  protected boolean sniff(byte[] content, Limits limits) {
    JsonPrefix p = JsonPrefix.scan(content, limits);
    return p.isObject()
        && p.member("mediaType").equals(Optional.of(JsonPrefix.Kind.STRING))
        && p.member("verificationMaterial").equals(Optional.of(JsonPrefix.Kind.OBJECT))
        && (p.has("dsseEnvelope") || p.has("messageSignature"));
  }

  @Override
  protected Bundle parse(byte[] content, Limits limits) throws ParseException {
    return BundleParser.parse(content, limits);
  }

  @Override
  protected Appraisal appraise(String subject, Bundle bundle, AppraisalContext ctx) {
    VerifiedRelease r = verify(subject, bundle, Optional.empty(), Optional.empty(), List.of(), ctx);
    return new Appraisal(SigstoreEvidence.of(subject, r), r.checks());
  }

  /**
   * Verifies a release folder: its bundle against the configured trusted root at the log's signed
   * time, its artifact digest, and, when identities are pinned, its signer. Never throws for bad
   * input: a bundle that does not decode is a release whose parse check failed.
   */
  public VerifiedRelease verifyRelease(
      ReleaseFolder release, List<ReleaseIdentity> identities, AppraisalContext ctx) {
    String key = cacheKey(release, identities, ctx);
    VerifiedRelease hit = verified.get(key);
    if (hit != null && hit.signedTime().map(t -> !t.isAfter(ctx.clock().instant())).orElse(false)) {
      return new VerifiedRelease(
          release.name(), hit.checks(), hit.identity(), hit.statement(), hit.signedTime(), true);
    }
    VerifiedRelease r = verifyUncached(release, identities, ctx);
    if (r.verified()) {
      verified.put(key, r);
    }
    return r;
  }

  private static String cacheKey(
      ReleaseFolder release, List<ReleaseIdentity> identities, AppraisalContext ctx) {
    return Hex.of(Digests.sha256(release.bundle()))
        + "|"
        + ctx.trustAnchors()
            .document(TrustAnchors.SIGSTORE_TRUSTED_ROOT)
            .map(d -> Hex.of(Digests.sha256(d)))
            .orElse("")
        + "|"
        + release.trustedRootCopy().map(d -> Hex.of(Digests.sha256(d))).orElse("")
        + "|"
        + release.artifactSha256().map(Hex::of).orElse("")
        + "|"
        + identities;
  }

  private VerifiedRelease verifyUncached(
      ReleaseFolder release, List<ReleaseIdentity> identities, AppraisalContext ctx) {
    Bundle b;
    try {
      b = BundleParser.parse(release.bundle(), ctx.limits());
    } catch (ParseException e) {
      return new VerifiedRelease(
          release.name(),
          List.of(CheckResult.fail(SigstoreChecks.PARSE, CheckCategory.PARSE, e.getMessage())),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          false);
    }
    return verify(
        release.name(), b, release.artifactSha256(), release.trustedRootCopy(), identities, ctx);
  }

  /**
   * A release as {@code sigstore} evidence of its own (what {@code teepol verify --release DIR}
   * shows alone).
   */
  public Appraisal appraiseRelease(
      ReleaseFolder release, List<ReleaseIdentity> identities, AppraisalContext ctx) {
    VerifiedRelease r = verifyRelease(release, identities, ctx);
    return new Appraisal(SigstoreEvidence.of(release.name(), r), r.checks());
  }

  private VerifiedRelease verify(
      String name,
      Bundle b,
      Optional<byte[]> artifactSha256,
      Optional<byte[]> rootCopy,
      List<ReleaseIdentity> identities,
      AppraisalContext ctx) {
    List<CheckResult> checks = new ArrayList<>();
    checks.add(CheckResult.pass(SigstoreChecks.PARSE, CheckCategory.PARSE, b.mediaType()));
    Optional<byte[]> configured = ctx.trustAnchors().document(TrustAnchors.SIGSTORE_TRUSTED_ROOT);
    Optional<String> rootProblem = Optional.empty();
    TrustedRoot root = null;
    String rootSha = "";
    if (configured.isEmpty()) {
      rootProblem = Optional.of("no Sigstore trusted root is configured");
    } else {
      rootSha = Hex.of(Digests.sha256(configured.get()));
      try {
        byte[] bytes = configured.get();
        root = roots.computeIfAbsent(rootSha, k -> TrustedRootParser.parse(bytes, ctx.limits()));
      } catch (ParseException e) {
        rootProblem = Optional.of("the configured trusted root does not decode: " + e.getMessage());
      }
    }
    if (rootProblem.isEmpty()
        && rootCopy.isPresent()
        && !Arrays.equals(rootCopy.get(), configured.get())) {
      // A release never brings its own trust: its copy must be the root teepol trusts anyway.
      rootProblem =
          Optional.of(
              "the release's "
                  + ReleaseFolder.TRUSTED_ROOT
                  + " (sha256 "
                  + Hex.abbreviate(Hex.of(Digests.sha256(rootCopy.get())))
                  + ") is not the configured trusted root (sha256 "
                  + Hex.abbreviate(rootSha)
                  + "); give another root with --trust-anchor, never beside the bundle");
    }
    if (rootProblem.isPresent()) {
      checks.add(
          configured.isEmpty()
              ? CheckResult.unevaluable(
                  SigstoreChecks.TRUSTED_ROOT, CheckCategory.CHAIN, rootProblem.get())
              : CheckResult.fail(
                  SigstoreChecks.TRUSTED_ROOT, CheckCategory.CHAIN, rootProblem.get()));
      return new VerifiedRelease(
          name, checks, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }
    checks.add(
        CheckResult.pass(
            SigstoreChecks.TRUSTED_ROOT,
            CheckCategory.CHAIN,
            "trusted root sha256 " + Hex.abbreviate(rootSha)));
    BundleVerifier.Result r =
        BundleVerifier.verify(
            b, root, ctx.clock().instant(), artifactSha256, identities, ctx.limits());
    checks.addAll(r.checks());
    boolean verified = checks.stream().allMatch(CheckResult::passed);
    return new VerifiedRelease(name, checks, r.identity(), r.statement(), r.signedTime(), verified);
  }
}
