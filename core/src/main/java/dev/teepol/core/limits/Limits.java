package dev.teepol.core.limits;

/**
 * Every size bound teepol enforces before it allocates, hashes or replays, in one place
 * (documented in docs/limits.md). Inputs above a bound are refused with a message naming it.
 *
 * @param maxEvidenceBytes largest evidence file read at all
 * @param maxQuoteBytes largest DCAP quote accepted by the parser
 * @param maxCertChainLength most certificates in one chain (PCK, TCB signing, ...)
 * @param maxCollateralBytes largest single collateral document (TCB info, CRL, chain, JWKS)
 * @param maxJsonDepth deepest JSON nesting accepted
 * @param maxEventLogEntries most event-log entries replayed
 * @param maxJwtBytes longest compact JWS accepted (NRAS EATs are a few KB)
 * @param maxAttestedParts most sub-attestations in one document: GPUs in an NRAS response,
 *     model nodes in a NEAR report, keys in a JWKS
 * @param maxDecompressedBytes most bytes a compressed evidence document (a gzip NEAR report) may
 *     expand to; checked while inflating, so a gzip bomb stops at the bound
 * @param maxPolicyBytes largest policy file (YAML) read
 * @param maxSuiteBytes largest policy test suite ({@code *.tests.yaml}) read
 * @param maxAnchorBytes largest trust-anchor certificate file read (a root is about 1 KB)
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
    int maxPolicyBytes,
    int maxSuiteBytes,
    int maxAnchorBytes) {

  public static final Limits DEFAULT =
      new Limits(32L << 20, 64 << 10, 8, 1 << 20, 64, 4096, 64 << 10, 256, 32L << 20, 1 << 20, 4 << 20, 64 << 10);

  /** The bounds that existed before policy, suite and anchor files were bounded here; those get their defaults. */
  public Limits(long maxEvidenceBytes, int maxQuoteBytes, int maxCertChainLength, int maxCollateralBytes,
      int maxJsonDepth, int maxEventLogEntries, int maxJwtBytes, int maxAttestedParts, long maxDecompressedBytes) {
    this(maxEvidenceBytes, maxQuoteBytes, maxCertChainLength, maxCollateralBytes, maxJsonDepth, maxEventLogEntries,
        maxJwtBytes, maxAttestedParts, maxDecompressedBytes, 1 << 20, 4 << 20, 64 << 10);
  }

  /** The bounds that existed before compressed documents; that one gets its default. */
  public Limits(long maxEvidenceBytes, int maxQuoteBytes, int maxCertChainLength, int maxCollateralBytes,
      int maxJsonDepth, int maxEventLogEntries, int maxJwtBytes, int maxAttestedParts) {
    this(maxEvidenceBytes, maxQuoteBytes, maxCertChainLength, maxCollateralBytes, maxJsonDepth, maxEventLogEntries,
        maxJwtBytes, maxAttestedParts, 32L << 20);
  }

  /** The bounds that existed before JWT and multi-part documents; those two get their defaults. */
  public Limits(long maxEvidenceBytes, int maxQuoteBytes, int maxCertChainLength, int maxCollateralBytes,
      int maxJsonDepth, int maxEventLogEntries) {
    this(maxEvidenceBytes, maxQuoteBytes, maxCertChainLength, maxCollateralBytes, maxJsonDepth, maxEventLogEntries,
        64 << 10, 256, 32L << 20);
  }

  /** Throws a {@link LimitExceededException} when {@code size} is over {@code limit}. */
  public static void check(String what, long size, long limit) throws LimitExceededException {
    if (size > limit) {
      throw new LimitExceededException(what, size, limit);
    }
  }
}
