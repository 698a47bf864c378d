package dev.teepol.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LruCacheTest {
  @Test
  void forgetsTheLeastRecentlyUsedEntryBeyondItsCapacity() {
    LruCache<String, Integer> c = new LruCache<>(2);
    c.put("a", 1);
    c.put("b", 2);
    assertThat(c.get("a")).isEqualTo(1); // a is now the most recent
    c.put("c", 3);
    assertThat(c.get("b")).isNull();
    assertThat(c.get("a")).isEqualTo(1);
    assertThat(c.get("c")).isEqualTo(3);
    assertThat(c.size()).isEqualTo(2);
  }

  @Test
  void computesOnceOnAMissAndNotOnAHit() throws Exception {
    LruCache<String, Integer> c = new LruCache<>(4);
    AtomicInteger runs = new AtomicInteger();
    assertThat(c.computeIfAbsent("k", k -> runs.incrementAndGet())).isEqualTo(1);
    assertThat(c.computeIfAbsent("k", k -> runs.incrementAndGet())).isEqualTo(1);
    assertThat(runs).hasValue(1);
  }

  @Test
  void aFailedComputationCachesNothing() {
    LruCache<String, Integer> c = new LruCache<>(4);
    assertThatThrownBy(
            () ->
                c.computeIfAbsent(
                    "k",
                    k -> {
                      throw new IOException("no");
                    }))
        .isInstanceOf(IOException.class);
    assertThat(c.get("k")).isNull();
    assertThatThrownBy(() -> new LruCache<>(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
