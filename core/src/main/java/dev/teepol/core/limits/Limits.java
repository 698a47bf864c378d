package dev.teepol.core.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * Every size bound teepol enforces before it allocates, hashes or replays, in one place (documented
 * in docs/limits.md). Inputs above a bound are refused with a message naming it.
 *
 * @param maxEvidenceBytes largest evidence file read at all
 * @param maxQuoteBytes largest DCAP quote accepted by the parser
 * @param maxCertChainLength most certificates in one chain (PCK, TCB signing, ...)
 * @param maxCollateralBytes largest single collateral document (TCB info, CRL, chain, JWKS)
 * @param maxJsonDepth deepest JSON nesting accepted
 * @param maxEventLogEntries most event-log entries replayed
 * @param maxJwtBytes longest compact JWS accepted (NRAS EATs are a few KB)
 * @param maxAttestedParts most sub-attestations in one document: GPUs in an NRAS response, model
 *     nodes in a NEAR report, keys in a JWKS
 * @param maxDecompressedBytes most bytes a compressed evidence document (a gzip NEAR report) may
 *     expand to; checked while inflating, so a gzip bomb stops at the bound
 * @param maxNameChars longest name of a part of a document (an NRAS device name such as {@code
 *     GPU-0}); checked at parse, before the name is used in a check id or parsed for digits
 * @param maxJwtLifetime longest lifetime ({@code exp - iat}) of a token teepol accepts (NRAS EATs
 *     live one hour)
 * @param maxPolicyBytes largest policy file (YAML) read
 * @param maxSuiteBytes largest policy test suite ({@code *.tests.yaml}) read
 * @param maxAnchorBytes largest trust-anchor certificate file read (a root is about 1 KB)
 * @param maxRequestBytes largest HTTP request body the verification service reads (raw evidence, or
 *     a JSON envelope with base64 parts); the evidence inside is still bounded by {@code
 *     maxEvidenceBytes}
 * @param maxCachedVerdicts most verdicts one verifier's verdict cache holds (least recently used
 *     forgotten first)
 */
public record Limits(
    long maxEvidenceBytes,
    int maxQuoteBytes,
    int maxCertChainLength,
    int maxCollateralBytes,
    int maxJsonDepth,
    int maxEventLogEntries,
    int maxJwtBytes,
    int maxAttestedParts,
    long maxDecompressedBytes,
    int maxNameChars,
    Duration maxJwtLifetime,
    int maxPolicyBytes,
    int maxSuiteBytes,
    int maxAnchorBytes,
    long maxRequestBytes,
    int maxCachedVerdicts) {

  /**
   * Largest policy bundle ({@code teepol bundle}, {@code TeepolVerifier.Builder.policyBundle})
   * read, signed envelope included. Policy tooling bounds, not per-verification settings.
   */
  public static final int MAX_POLICY_BUNDLE_BYTES = 16 << 20;

  /** Most files (policies, suites, fixture digests) one policy bundle may list. */
  public static final int MAX_POLICY_BUNDLE_FILES = 1024;

  /** Most signatures one signed policy bundle may carry; each is checked at most once. */
  public static final int MAX_POLICY_BUNDLE_SIGNATURES = 16;

  /** Most policy files {@code teepol diff} reads from one side (a directory or a Git revision). */
  public static final int MAX_DIFF_POLICIES = 1024;

  /**
   * Largest secret the key broker stores (an environment file, a key or a token, not a payload). A
   * constant rather than a component: it bounds what an operator stores, not untrusted input.
   */
  public static final int MAX_KMS_SECRET_BYTES = 64 << 10;

  /** Most unexpired key-release challenges outstanding at once; more are refused (503). */
  public static final long MAX_KMS_OUTSTANDING_NONCES = 100_000;

  /** Longest detail (failing checks) kept in one key-broker audit row; longer is cut with "…". */
  public static final int MAX_KMS_AUDIT_DETAIL_CHARS = 8000;

  private static final int DEFAULT_MAX_NAME_CHARS = 64;
  private static final Duration DEFAULT_MAX_JWT_LIFETIME = Duration.ofHours(24);
  private static final int DEFAULT_MAX_POLICY_BYTES = 1 << 20;
  private static final int DEFAULT_MAX_SUITE_BYTES = 4 << 20;
  private static final int DEFAULT_MAX_ANCHOR_BYTES = 64 << 10;
  // A service answers many callers: 16 MiB holds the largest real report (a NEAR gateway report
  // with eight GPUs is under 1 MiB) base64-encoded many times over, yet keeps a burst of
  // concurrent uploads well inside the heap.
  private static final long DEFAULT_MAX_REQUEST_BYTES = 16L << 20;
  private static final int DEFAULT_MAX_CACHED_VERDICTS = 4096;

  public static final Limits DEFAULT =
      new Limits(
          32L << 20,
          64 << 10,
          8,
          1 << 20,
          64,
          4096,
          64 << 10,
          256,
          32L << 20,
          DEFAULT_MAX_NAME_CHARS,
          DEFAULT_MAX_JWT_LIFETIME,
          DEFAULT_MAX_POLICY_BYTES,
          DEFAULT_MAX_SUITE_BYTES,
          DEFAULT_MAX_ANCHOR_BYTES,
          DEFAULT_MAX_REQUEST_BYTES,
          DEFAULT_MAX_CACHED_VERDICTS);

  public Limits {
    Objects.requireNonNull(maxJwtLifetime, "maxJwtLifetime");
  }

  /** The bounds that existed before the verification service; its two get their defaults. */
  public Limits(
      long maxEvidenceBytes,
      int maxQuoteBytes,
      int maxCertChainLength,
      int maxCollateralBytes,
      int maxJsonDepth,
      int maxEventLogEntries,
      int maxJwtBytes,
      int maxAttestedParts,
      long maxDecompressedBytes,
      int maxNameChars,
      Duration maxJwtLifetime,
      int maxPolicyBytes,
      int maxSuiteBytes,
      int maxAnchorBytes) {
    this(
        maxEvidenceBytes,
        maxQuoteBytes,
        maxCertChainLength,
        maxCollateralBytes,
        maxJsonDepth,
        maxEventLogEntries,
        maxJwtBytes,
        maxAttestedParts,
        maxDecompressedBytes,
        maxNameChars,
        maxJwtLifetime,
        maxPolicyBytes,
        maxSuiteBytes,
        maxAnchorBytes,
        DEFAULT_MAX_REQUEST_BYTES,
        DEFAULT_MAX_CACHED_VERDICTS);
  }

  /** These limits with another request-body bound (the verification service). */
  public Limits withMaxRequestBytes(long bytes) {
    return new Limits(
        maxEvidenceBytes,
        maxQuoteBytes,
        maxCertChainLength,
        maxCollateralBytes,
        maxJsonDepth,
        maxEventLogEntries,
        maxJwtBytes,
        maxAttestedParts,
        maxDecompressedBytes,
        maxNameChars,
        maxJwtLifetime,
        maxPolicyBytes,
        maxSuiteBytes,
        maxAnchorBytes,
        bytes,
        maxCachedVerdicts);
  }

  /** These limits with another verdict-cache bound. */
  public Limits withMaxCachedVerdicts(int entries) {
    return new Limits(
        maxEvidenceBytes,
        maxQuoteBytes,
        maxCertChainLength,
        maxCollateralBytes,
        maxJsonDepth,
        maxEventLogEntries,
        maxJwtBytes,
        maxAttestedParts,
        maxDecompressedBytes,
        maxNameChars,
        maxJwtLifetime,
        maxPolicyBytes,
        maxSuiteBytes,
        maxAnchorBytes,
        maxRequestBytes,
        entries);
  }

  /**
   * The bounds that existed before names, token lifetimes and input files were bounded here; those
   * get their defaults.
   */
  public Limits(
      long maxEvidenceBytes,
      int maxQuoteBytes,
      int maxCertChainLength,
      int maxCollateralBytes,
      int maxJsonDepth,
      int maxEventLogEntries,
      int maxJwtBytes,
      int maxAttestedParts,
      long maxDecompressedBytes) {
    this(
        maxEvidenceBytes,
        maxQuoteBytes,
        maxCertChainLength,
        maxCollateralBytes,
        maxJsonDepth,
        maxEventLogEntries,
        maxJwtBytes,
        maxAttestedParts,
        maxDecompressedBytes,
        DEFAULT_MAX_NAME_CHARS,
        DEFAULT_MAX_JWT_LIFETIME,
        DEFAULT_MAX_POLICY_BYTES,
        DEFAULT_MAX_SUITE_BYTES,
        DEFAULT_MAX_ANCHOR_BYTES);
  }

  /** The bounds that existed before compressed documents; that one gets its default. */
  public Limits(
      long maxEvidenceBytes,
      int maxQuoteBytes,
      int maxCertChainLength,
      int maxCollateralBytes,
      int maxJsonDepth,
      int maxEventLogEntries,
      int maxJwtBytes,
      int maxAttestedParts) {
    this(
        maxEvidenceBytes,
        maxQuoteBytes,
        maxCertChainLength,
        maxCollateralBytes,
        maxJsonDepth,
        maxEventLogEntries,
        maxJwtBytes,
        maxAttestedParts,
        32L << 20);
  }

  /** The bounds that existed before JWT and multi-part documents; those two get their defaults. */
  public Limits(
      long maxEvidenceBytes,
      int maxQuoteBytes,
      int maxCertChainLength,
      int maxCollateralBytes,
      int maxJsonDepth,
      int maxEventLogEntries) {
    this(
        maxEvidenceBytes,
        maxQuoteBytes,
        maxCertChainLength,
        maxCollateralBytes,
        maxJsonDepth,
        maxEventLogEntries,
        64 << 10,
        256,
        32L << 20);
  }

  /** Throws a {@link LimitExceededException} when {@code size} is over {@code limit}. */
  public static void check(String what, long size, long limit) throws LimitExceededException {
    if (size > limit) {
      throw new LimitExceededException(what, size, limit);
    }
  }
}
