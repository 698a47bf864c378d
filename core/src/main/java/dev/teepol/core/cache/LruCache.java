package dev.teepol.core.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The one cache type of teepol: a small thread-safe map that forgets its least recently used entry
 * beyond a fixed capacity. Caches are owned by the object that fills them (a provider, a verifier),
 * never JVM-global, so two verifiers never see each other's results.
 */
public final class LruCache<K, V> {
  private final int capacity;
  private final Map<K, V> map;

  public LruCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity);
    }
    this.capacity = capacity;
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > LruCache.this.capacity;
          }
        };
  }

  public synchronized V get(K key) {
    return map.get(key);
  }

  public synchronized void put(K key, V value) {
    map.put(key, value);
  }

  /**
   * The cached value, or {@code compute}'s result, which is then cached. The computation runs
   * outside the lock, so a slow one (a policy compile) does not block readers; two threads that
   * miss at once may both compute, and the later result wins.
   */
  public <X extends Exception> V computeIfAbsent(K key, ThrowingFunction<K, V, X> compute)
      throws X {
    V v = get(key);
    if (v != null) {
      return v;
    }
    V computed = compute.apply(key);
    put(key, computed);
    return computed;
  }

  public synchronized int size() {
    return map.size();
  }

  public int capacity() {
    return capacity;
  }

  /** A function that may throw a checked exception. */
  @FunctionalInterface
  public interface ThrowingFunction<K, V, X extends Exception> {
    V apply(K key) throws X;
  }

  /** Adapts a plain function. */
  public static <K, V> ThrowingFunction<K, V, RuntimeException> of(Function<K, V> f) {
    return f::apply;
  }
}
