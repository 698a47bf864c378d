package dev.teepol.policy.eval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CEL results as plain JSON-friendly values (strings, longs, doubles, booleans, lists, maps). */
final class OutputValues {
  private OutputValues() {}

  static Object plain(Object v) {
    if (v instanceof Optional<?> o) {
      return o.map(OutputValues::plain).orElse(null);
    }
    if (v instanceof Instant i) {
      return i.toString();
    }
    if (v instanceof java.time.Duration d) {
      return d.getSeconds() + "s";
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(plain(x)));
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
      return out;
    }
    if (v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean) {
      return v;
    }
    return String.valueOf(v);
  }
}
