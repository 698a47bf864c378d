package dev.teepol.providers.tdx.verify;

import java.util.LinkedHashMap;
import java.util.Map;

/** A small thread-safe LRU map; verified results are few (one per platform) but must not grow unbounded. */
final class BoundedCache<K, V> {
  private final Map<K, V> map;

  BoundedCache(int capacity) {
    this.map = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized V get(K key) {
    return map.get(key);
  }

  synchronized void put(K key, V value) {
    map.put(key, value);
  }
}
