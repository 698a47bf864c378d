package dev.teepol.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verdict cache of {@link TeepolVerifier.Builder#verdictCache}, on the bundled TDX example. */
class VerdictCacheTest {
  static final Path TDX = TeepolVerifierTest.TDX;
  static final Instant AT = TeepolVerifierTest.AT;

  // The example's collateral (DcapSimulator.CURRENT): issued 2024-12-15, next update 2025-01-14.
  static final Instant ISSUED = Instant.parse("2024-12-15T00:00:00Z");
  static final Instant NEXT_UPDATE = Instant.parse("2025-01-14T00:00:00Z");

  @TempDir Path tmp;

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    volatile Instant now;

    MovingClock(Instant start) {
      now = start;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  static TeepolVerifier.Builder cached(Clock clock, Duration ttl) {
    return TeepolVerifier.builder()
        .collateralDirectory(TDX.resolve("collateral"))
        .trustAnchor(TDX.resolve("root_ca.der"))
        .clock(clock)
        .verdictCache(ttl);
  }

  static byte[] quote() throws Exception {
    return Files.readAllBytes(TDX.resolve("quote.bin"));
  }

  @Test
  void theSameEvidenceIsAnsweredFromTheCacheWithTheSameVerdict() throws Exception {
    MovingClock clock = new MovingClock(AT);
    try (TeepolVerifier v = cached(clock, Duration.ofMinutes(5)).build()) {
      VerificationResult first = v.verify(quote());
      clock.now = AT.plusSeconds(60);
      VerificationResult second = v.verify(quote());
      assertThat(first.fromCache()).isFalse();
      assertThat(second.fromCache()).isTrue();
      assertThat(second.decision()).isEqualTo(Decision.ALLOW);
      assertThat(second.toJson()).isEqualTo(first.toJson());
      assertThat(second.verifiedAt()).as("a cached verdict keeps its instant").isEqualTo(AT);
      assertThat(v.verdictCacheStats().hits()).isEqualTo(1);
      assertThat(v.verdictCacheStats().misses()).isEqualTo(1);
      assertThat(v.verdictCacheStats().size()).isEqualTo(1);
    }
  }

  @Test
  void withoutACacheNothingIsReused() throws Exception {
    try (TeepolVerifier v = TeepolVerifierTest.example().build()) {
      assertThat(v.verify(quote()).fromCache()).isFalse();
      assertThat(v.verify(quote()).fromCache()).isFalse();
      assertThat(v.verdictCacheStats()).isEqualTo(VerdictCacheStats.NONE);
    }
  }

  @Test
  void anotherNonceOrNameOrEvidenceIsAnotherEntry() throws Exception {
    MovingClock clock = new MovingClock(AT);
    try (TeepolVerifier v = cached(clock, Duration.ofMinutes(5)).build()) {
      v.verify(quote());
      VerificationResult withNonce =
          v.verify(quote(), VerifyOptions.builder().nonce(new byte[] {1, 2, 3}).build());
      assertThat(withNonce.fromCache()).isFalse();
      assertThat(withNonce.decision()).as("the quote does not carry it").isEqualTo(Decision.DENY);
      assertThat(v.verify(quote(), VerifyOptions.builder().name("other").build()).fromCache())
          .isFalse();
      byte[] tampered = quote();
      tampered[100] ^= 1; // inside the signed TD report
      VerificationResult denied = v.verify(tampered);
      assertThat(denied.fromCache()).isFalse();
      assertThat(denied.decision()).isEqualTo(Decision.DENY);
      assertThat(v.verify(tampered).fromCache()).as("a FAIL is stable: kept").isTrue();
      assertThat(
              v.verify(quote(), VerifyOptions.builder().nonce(new byte[] {1, 2, 3}).build())
                  .fromCache())
          .isTrue();
    }
  }

  @Test
  void anEntryExpiresAfterItsTtl() throws Exception {
    MovingClock clock = new MovingClock(AT);
    try (TeepolVerifier v = cached(clock, Duration.ofMinutes(5)).build()) {
      v.verify(quote());
      clock.now = AT.plus(Duration.ofMinutes(5)).minusMillis(1);
      assertThat(v.verify(quote()).fromCache()).isTrue();
      clock.now = AT.plus(Duration.ofMinutes(5));
      VerificationResult again = v.verify(quote());
      assertThat(again.fromCache()).isFalse();
      assertThat(again.verifiedAt()).isEqualTo(clock.now);
    }
  }

  @Test
  void anEntryNeverOutlivesTheCollateralsNextUpdate() throws Exception {
    MovingClock clock = new MovingClock(AT);
    try (TeepolVerifier v = cached(clock, Duration.ofDays(365)).build()) {
      assertThat(v.verify(quote()).decision()).isEqualTo(Decision.ALLOW);
      clock.now = NEXT_UPDATE.minusSeconds(1);
      assertThat(v.verify(quote()).fromCache()).isTrue();
      clock.now = NEXT_UPDATE.plusSeconds(1);
      VerificationResult after = v.verify(quote());
      assertThat(after.fromCache()).isFalse();
      assertThat(after.decision()).as("the collateral is stale now").isEqualTo(Decision.DENY);
    }
  }

  @Test
  void anEntryNeverOutlivesThePolicysCollateralAge() throws Exception {
    Path policy = tmp.resolve("age.yaml");
    Files.writeString(
        policy,
        "apiVersion: teepol.dev/v1\n"
            + "kind: TrustPolicy\n"
            + "metadata: {name: age, version: 1}\n"
            + "spec:\n"
            + "  substrate: {tee: [tdx]}\n"
            + "  tcb: {allow: [UpToDate], maxCollateralAge: 20d}\n");
    MovingClock clock = new MovingClock(AT);
    try (TeepolVerifier v = cached(clock, Duration.ofDays(365)).policy(policy).build()) {
      assertThat(v.verify(quote()).decision()).isEqualTo(Decision.ALLOW);
      Instant flip = ISSUED.plus(Duration.ofDays(20));
      clock.now = flip.minusSeconds(1);
      assertThat(v.verify(quote()).fromCache()).isTrue();
      clock.now = flip.plusSeconds(1);
      VerificationResult after = v.verify(quote());
      assertThat(after.fromCache()).isFalse();
      assertThat(after.decision()).isEqualTo(Decision.DENY);
      assertThat(after.checks())
          .filteredOn(c -> !c.passed())
          .extracting(CheckResult::id)
          .containsExactly("policy.tcb.collateral_age");
    }
  }

  @Test
  void aRuleThatReadsNowIsNeverCached() throws Exception {
    Path policy = tmp.resolve("now.yaml");
    Files.writeString(
        policy,
        "apiVersion: teepol.dev/v1\n"
            + "kind: TrustPolicy\n"
            + "metadata: {name: now, version: 1}\n"
            + "spec:\n"
            + "  substrate: {tee: [tdx]}\n"
            + "  tcb: {allow: [UpToDate]}\n"
            + "  rules:\n"
            + "    - name: before-2026\n"
            + "      expression: now < timestamp('2026-01-01T00:00:00Z')\n");
    MovingClock clock = new MovingClock(AT);
    try (TeepolVerifier v = cached(clock, Duration.ofDays(1)).policy(policy).build()) {
      assertThat(v.verify(quote()).decision()).isEqualTo(Decision.ALLOW);
      assertThat(v.verify(quote()).fromCache()).isFalse();
      assertThat(v.verdictCacheStats().uncacheable()).isEqualTo(2);
    }
  }

  @Test
  void anUnevaluableVerdictIsNeverCached() throws Exception {
    MovingClock clock = new MovingClock(AT);
    // No collateral source: the collateral checks are UNEVALUABLE (perhaps only for a moment).
    try (TeepolVerifier v =
        TeepolVerifier.builder()
            .trustAnchor(TDX.resolve("root_ca.der"))
            .clock(clock)
            .verdictCache(Duration.ofDays(1))
            .build()) {
      assertThat(v.verify(quote()).decision()).isEqualTo(Decision.DENY);
      assertThat(v.verify(quote()).fromCache()).isFalse();
      assertThat(v.verdictCacheStats().size()).isZero();
    }
  }

  @Test
  void theCacheIsBoundedInEntries() throws Exception {
    MovingClock clock = new MovingClock(AT);
    try (TeepolVerifier v =
        cached(clock, Duration.ofDays(1)).limits(Limits.DEFAULT.withMaxCachedVerdicts(2)).build()) {
      for (int i = 0; i < 5; i++) {
        v.verify(quote(), VerifyOptions.builder().name("e" + i).build());
      }
      assertThat(v.verdictCacheStats().size()).isEqualTo(2);
      assertThat(v.verdictCacheStats().capacity()).isEqualTo(2);
      assertThat(v.verify(quote(), VerifyOptions.builder().name("e4").build()).fromCache())
          .isTrue();
      assertThat(v.verify(quote(), VerifyOptions.builder().name("e0").build()).fromCache())
          .as("the least recently used was forgotten")
          .isFalse();
    }
  }

  @Test
  void concurrentCallersGetTheVerdictASingleThreadGets() throws Exception {
    byte[] good = quote();
    byte[] bad = quote();
    bad[100] ^= 1;
    byte[] junk = "not evidence".getBytes();
    List<byte[]> inputs = List.of(good, bad, junk);
    List<String> expected = new ArrayList<>();
    try (TeepolVerifier single = TeepolVerifierTest.example().build()) {
      for (byte[] in : inputs) {
        expected.add(single.verify(in).toJson());
      }
    }
    try (TeepolVerifier v =
        cached(TeepolVerifierTest.CLOCK, Duration.ofDays(1))
            .limits(Limits.DEFAULT.withMaxCachedVerdicts(2))
            .build()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
          int k = i % inputs.size();
          results.add(pool.submit(() -> v.verify(inputs.get(k)).toJson().equals(expected.get(k))));
        }
        for (Future<Boolean> f : results) {
          assertThat(f.get()).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(v.verdictCacheStats().hits()).isPositive();
      assertThat(v.verdictCacheStats().size()).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void everyPerCallOptionIsPartOfTheCacheKey() {
    // A new VerifyOptions field that the key omitted would let one caller's verdict answer another
    // caller's different question: add it to VerifyOptions.cacheKey(), then here.
    List<String> fields =
        Arrays.stream(VerifyOptions.class.getDeclaredFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()))
            .map(Field::getName)
            .sorted()
            .collect(Collectors.toList());
    assertThat(fields)
        .containsExactly(
            "audience", "name", "nonce", "nrasDirectory", "releaseIdentities", "releases");
    VerifyOptions a = VerifyOptions.builder().name("x").build();
    assertThat(VerifyOptions.builder().name("x").nonce(new byte[] {1}).build().cacheKey())
        .isNotEqualTo(a.cacheKey());
    assertThat(VerifyOptions.builder().name("x").nrasDirectory(tmp).build().cacheKey())
        .isNotEqualTo(a.cacheKey());
    assertThat(VerifyOptions.builder().name("y").build().cacheKey()).isNotEqualTo(a.cacheKey());
    assertThat(VerifyOptions.builder().name("x").audience("https://a").build().cacheKey())
        .isNotEqualTo(a.cacheKey())
        .isNotEqualTo(VerifyOptions.builder().name("x").audience("https://b").build().cacheKey());
    assertThat(VerifyOptions.builder().name("x").release(tmp).build().cacheKey())
        .isNotEqualTo(a.cacheKey());
    assertThat(
            VerifyOptions.builder()
                .name("x")
                .releaseIdentity(
                    dev.teepol.providers.sigstore.ReleaseIdentity.githubTag("owner/repo"))
                .build()
                .cacheKey())
        .isNotEqualTo(a.cacheKey());
  }

  @Test
  void policyTimeFindsTheIdentifierNowOnly() {
    assertThat(PolicyTime.mentionsNow("now < timestamp('x')")).isTrue();
    assertThat(PolicyTime.mentionsNow("x && (now - y) > d")).isTrue();
    assertThat(PolicyTime.mentionsNow("evidence.known == 'a'")).isFalse();
    assertThat(PolicyTime.mentionsNow("snow == nowhere")).isFalse();
  }
}
