package dev.teepol.verifier;

/**
 * What a verifier's verdict cache did so far.
 *
 * @param hits verifications answered from the cache
 * @param misses verifications that ran in full (nothing cached, or the entry had expired)
 * @param uncacheable verdicts that ran in full and could not be kept: a check was UNEVALUABLE (may
 *     be transient), the input could not be judged, a provider or the policy states no time horizon
 *     (free CEL that reads {@code now}), or the horizon had passed already
 * @param size entries held now
 * @param capacity most entries it holds ({@code Limits.maxCachedVerdicts})
 */
public record VerdictCacheStats(long hits, long misses, long uncacheable, int size, int capacity) {
  /** A verifier without a verdict cache. */
  public static final VerdictCacheStats NONE = new VerdictCacheStats(0, 0, 0, 0, 0);
}
