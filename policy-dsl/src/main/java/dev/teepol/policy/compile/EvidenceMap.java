package dev.teepol.policy.compile;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of the evidence values CEL sees ({@link dev.teepol.policy.schema.EvidenceValues}),
 * for the native typed checks: they read the very values the CEL form reads, so both judge the same
 * input. A value that is absent or not of the schema's Java type is {@link Irregular}: the CEL form
 * then judges that input (it would raise an error or compare across types).
 */
final class EvidenceMap {
  private EvidenceMap() {}

  /**
   * A value CEL would not see as its declared type; carries no stack trace (it is control flow).
   */
  static final class Irregular extends RuntimeException {
    static final Irregular INSTANCE = new Irregular();

    private Irregular() {
      super("irregular evidence value", null, false, false);
    }
  }

  static Object at(Map<?, ?> m, String... path) {
    Object v = m;
    for (String p : path) {
      if (!(v instanceof Map<?, ?> inner)) {
        throw Irregular.INSTANCE;
      }
      v = inner.get(p);
    }
    if (v == null) {
      throw Irregular.INSTANCE;
    }
    return v;
  }

  static String string(Map<?, ?> m, String... path) {
    return asString(at(m, path));
  }

  static boolean bool(Map<?, ?> m, String... path) {
    return asBool(at(m, path));
  }

  static long integer(Map<?, ?> m, String... path) {
    return at(m, path) instanceof Long l ? l : irregular();
  }

  static Instant instant(Map<?, ?> m, String... path) {
    return at(m, path) instanceof Instant i ? i : irregular();
  }

  static Map<?, ?> map(Map<?, ?> m, String... path) {
    return at(m, path) instanceof Map<?, ?> x ? x : irregular();
  }

  static List<?> list(Map<?, ?> m, String... path) {
    return at(m, path) instanceof List<?> x ? x : irregular();
  }

  static String asString(Object v) {
    return v instanceof String s ? s : irregular();
  }

  static boolean asBool(Object v) {
    return v instanceof Boolean b ? b : irregular();
  }

  /** {@code m[?key].orValue(orElse)} over a map of strings. */
  static String stringOr(Map<?, ?> m, String key, String orElse) {
    Object v = m.get(key);
    return v == null ? orElse : asString(v);
  }

  /** {@code m[?key].orValue(false)} over a map of bools. */
  static boolean boolOrFalse(Map<?, ?> m, String key) {
    Object v = m.get(key);
    return v != null && asBool(v);
  }

  /**
   * CEL's {@code int(string)}: CEL-Java parses with {@link Long#parseLong} and raises an error on
   * {@link NumberFormatException}; that input is left to CEL, for its error text.
   */
  static long decimal(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return irregular();
    }
  }

  /** CEL's {@code lowerAscii()}: only A-Z change. */
  static String lowerAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] out = s.toCharArray();
        for (int j = i; j < out.length; j++) {
          if (out[j] >= 'A' && out[j] <= 'Z') {
            out[j] = (char) (out[j] + ('a' - 'A'));
          }
        }
        return new String(out);
      }
    }
    return s;
  }

  /**
   * {@code now - since <= max}. CEL subtracts timestamps with {@link java.time.Duration#between}
   * and, with its overflow check (on by default), refuses a difference whose nanoseconds overflow a
   * long (about 292 years): that input is left to CEL.
   */
  static boolean within(Instant now, Instant since, java.time.Duration max) {
    java.time.Duration d = java.time.Duration.between(since, now);
    try {
      d.toNanos();
    } catch (ArithmeticException e) {
      return irregular();
    }
    return d.compareTo(max) <= 0;
  }

  static <T> T irregular() {
    throw Irregular.INSTANCE;
  }
}
