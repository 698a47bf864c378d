package dev.teepol.verifier.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.verdict.Decision;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.concurrency.MixedEvidence.Input;
import dev.teepol.verifier.concurrency.MixedEvidence.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One {@link TeepolVerifier} shared by 8 threads: every verdict, report included, equals the
 * single-threaded verdict for the same input. 8 × 300 verifications by default (CI); 8 × 10,000
 * with {@code -Dteepol.concurrency.full=true}; any count with {@code
 * -Dteepol.concurrency.perThread}.
 */
class ConcurrentVerifyTest {
  static final int THREADS = 8;

  static int perThread() {
    return Boolean.getBoolean("teepol.concurrency.full")
        ? 10_000
        : Integer.getInteger("teepol.concurrency.perThread", 300);
  }

  @Test
  void everyConcurrentVerdictEqualsTheSingleThreadedOne() throws Exception {
    List<Input> inputs = MixedEvidence.all();
    try (TeepolVerifier v = MixedEvidence.verifier()) {
      // The reference: each input alone, twice (a verifier's caches must not change a verdict).
      List<String> reference = new ArrayList<>();
      Map<Kind, Map<Decision, Integer>> mix = new ConcurrentHashMap<>();
      Set<String> providers = new java.util.TreeSet<>();
      Set<String> genuine = new java.util.TreeSet<>();
      for (Input in : inputs) {
        MixedEvidence.Verified once = in.verify(v);
        VerificationResult r = once.result();
        String first = once.report();
        assertThat(in.verify(v).report()).as(in.name()).isEqualTo(first);
        reference.add(first);
        mix.computeIfAbsent(in.kind(), k -> new ConcurrentHashMap<>())
            .merge(r.decision(), 1, Integer::sum);
        if (!r.provider().isEmpty()) {
          providers.add(r.provider());
        }
        if (in.kind() == Kind.VALID && r.genuine()) {
          genuine.add(r.provider());
        }
      }
      // The mix is what it claims: valid evidence that passes, and damaged evidence that does not.
      assertThat(mix.get(Kind.VALID)).containsKey(Decision.ALLOW);
      assertThat(mix.get(Kind.TAMPERED)).doesNotContainKey(Decision.ALLOW);
      assertThat(mix.get(Kind.MALFORMED)).doesNotContainKey(Decision.ALLOW);
      assertThat(providers).contains("mock", "tpm", "sev-snp");
      // Valid evidence of every kind whose material the one verifier holds is verified genuine,
      // so the paths that fill and read the providers' caches run concurrently too.
      assertThat(genuine).contains("tpm", "mock");
      if (MixedEvidence.corpus().isPresent()) {
        assertThat(genuine)
            .contains("tdx", "sev-snp", "nras", "confidential-space", "sigstore", "tpm", "mock");
      }

      int n = perThread();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch start = new CountDownLatch(1);
      AtomicLong done = new AtomicLong();
      List<String> mismatches = java.util.Collections.synchronizedList(new ArrayList<>());
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          Random order = new Random(t);
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int k = 0; k < n; k++) {
                      int i = order.nextInt(inputs.size());
                      String got = inputs.get(i).verify(v).report();
                      if (!got.equals(reference.get(i)) && mismatches.size() < 5) {
                        mismatches.add(inputs.get(i).name() + ":\n" + got);
                      }
                      done.incrementAndGet();
                    }
                    return null;
                  }));
        }
        long began = System.nanoTime();
        start.countDown();
        for (Future<?> f : futures) {
          f.get();
        }
        long ms = (System.nanoTime() - began) / 1_000_000;
        // A record of the run for docs/robustness.md, not an assertion on speed.
        System.out.printf(
            "concurrency: %d threads x %d verifications of %d inputs (%s), %d ms, providers %s,"
                + " genuine %s%n",
            THREADS,
            n,
            inputs.size(),
            mix.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")),
            ms,
            providers,
            genuine);
      } finally {
        pool.shutdownNow();
      }
      assertThat(mismatches).isEmpty();
      assertThat(done.get()).isEqualTo((long) THREADS * n);
    }
  }
}
