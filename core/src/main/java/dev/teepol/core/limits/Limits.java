package dev.teepol.core.limits;

/**
 * Every size bound teepol enforces before it allocates, hashes or replays, in one place
 * (documented in docs/limits.md). Inputs above a bound are refused with a message naming it.
 *
 * @param maxEvidenceBytes largest evidence file read at all
 * @param maxQuoteBytes largest DCAP quote accepted by the parser
 * @param maxCertChainLength most certificates in one chain (PCK, TCB signing, ...)
 * @param maxCollateralBytes largest single collateral document (TCB info, CRL, chain)
 * @param maxJsonDepth deepest JSON nesting accepted
 * @param maxEventLogEntries most event-log entries replayed
 */
public record Limits(
    long maxEvidenceBytes,
    int maxQuoteBytes,
    int maxCertChainLength,
    int maxCollateralBytes,
    int maxJsonDepth,
    int maxEventLogEntries) {

  public static final Limits DEFAULT = new Limits(32L << 20, 64 << 10, 8, 1 << 20, 64, 4096);

  /** Throws a {@link LimitExceededException} when {@code size} is over {@code limit}. */
  public static void check(String what, long size, long limit) throws LimitExceededException {
    if (size > limit) {
      throw new LimitExceededException(what, size, limit);
    }
  }
}
