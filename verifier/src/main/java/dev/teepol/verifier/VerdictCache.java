package dev.teepol.verifier;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.cache.LruCache;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Verdicts of one verifier kept for a while, so a caller that verifies the same endpoint again and
 * again pays for the appraisal once (bitrouter's {@code AttestationCache}).
 *
 * <p>The key is everything a verdict depends on besides the verifier's own configuration: the
 * SHA-256 of the evidence, the policy's hash, the nonce and every other per-call option. An entry
 * lives until the earliest of: the TTL; the appraisal's horizon (the earliest next update of its
 * collateral, expiry of a certificate or token it rested on); the first instant at which one of the
 * policy's time comparisons flips. A verdict with an UNEVALUABLE check is never kept (a collateral
 * service that was down must not deny for a whole TTL), nor one whose horizon is unknown. Bounded
 * in entries (least recently used forgotten first) and safe under concurrency; time is the
 * verifier's clock.
 */
final class VerdictCache {
  /**
   * @param options every per-call option ({@link VerifyOptions#cacheKey()})
   */
  record Key(String evidenceSha256, String policySha256, String options) {}

  private record Entry(VerificationResult result, Instant expires) {}

  private final LruCache<Key, Entry> entries;
  private final Duration ttl;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong uncacheable = new AtomicLong();

  VerdictCache(Duration ttl, int capacity) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("verdict cache TTL must be positive: " + ttl);
    }
    this.ttl = ttl;
    this.entries = new LruCache<>(capacity);
  }

  static Key key(byte[] evidence, PolicyInfo policy, VerifyOptions options) {
    return new Key(Hex.of(Digests.sha256(evidence)), policy.sha256(), options.cacheKey());
  }

  Optional<VerificationResult> get(Key key, Instant now) {
    Entry e = entries.get(key);
    if (e != null && now.isBefore(e.expires())) {
      hits.incrementAndGet();
      return Optional.of(e.result());
    }
    misses.incrementAndGet();
    return Optional.empty();
  }

  /**
   * Keeps {@code r} if it may be reused.
   *
   * @param now the instant the verdict was judged at
   * @param policyHorizon {@link PolicyTime#horizon}
   */
  void offer(Key key, VerificationResult r, Instant now, Optional<Instant> policyHorizon) {
    Optional<Instant> expires = expiry(r, now, policyHorizon);
    if (expires.isEmpty()) {
      uncacheable.incrementAndGet();
      return;
    }
    entries.put(key, new Entry(r.asCached(), expires.get()));
  }

  /** When an entry for {@code r} must be gone; empty when it must not be kept at all. */
  Optional<Instant> expiry(VerificationResult r, Instant now, Optional<Instant> policyHorizon) {
    // A provider that threw is a bug, not a property of the evidence: never remember it.
    if (r.checks().stream().anyMatch(c -> c.id().equals(VerificationResult.INPUT_PROVIDER))) {
      return Optional.empty();
    }
    if (r.checks().stream()
        .map(CheckResult::outcome)
        .anyMatch(Outcome.Unevaluable.class::isInstance)) {
      return Optional.empty();
    }
    Optional<Instant> appraisal = r.appraisal().horizon();
    if (appraisal.isEmpty() || policyHorizon.isEmpty()) {
      return Optional.empty();
    }
    Instant until = now.plus(ttl);
    if (appraisal.get().isBefore(until)) {
      until = appraisal.get();
    }
    if (policyHorizon.get().isBefore(until)) {
      until = policyHorizon.get();
    }
    return until.isAfter(now) ? Optional.of(until) : Optional.empty();
  }

  VerdictCacheStats stats() {
    return new VerdictCacheStats(
        hits.get(), misses.get(), uncacheable.get(), entries.size(), entries.capacity());
  }
}
