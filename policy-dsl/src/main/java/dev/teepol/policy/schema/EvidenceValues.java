package dev.teepol.policy.schema;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckResult;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The evidence as CEL runtime values: nested Maps with exactly the Java types the legacy runtime
 * expects (Long, String, Boolean, Instant, List, Map), every field present. An absent timestamp is
 * the Unix epoch, which makes any age check on it fail rather than pass.
 */
public final class EvidenceValues {
  private EvidenceValues() {}

  public static Map<String, Object> of(Appraisal appraisal) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) convert(appraisal.evidence());
    Map<String, Object> checks = new LinkedHashMap<>();
    for (CheckResult c : appraisal.checks()) {
      checks.put(c.id(), Map.of("outcome", c.outcome().label(), "reason", c.explanation()));
    }
    m.put("checks", checks);
    return m;
  }

  /** The same conversion for evidence given directly (normalized fixtures). */
  public static Map<String, Object> of(Evidence e) {
    return of(new Appraisal(e, List.of()));
  }

  static Object convert(Object v) {
    if (v == null) {
      throw new IllegalStateException("null in the evidence model");
    }
    if (v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Instant) {
      return v;
    }
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Binding b) {
      return b.label();
    }
    if (v instanceof Enum<?> e) {
      return e.name().toLowerCase(java.util.Locale.ROOT);
    }
    if (v instanceof Optional<?> o) {
      return o.isPresent() ? convert(o.get()) : Instant.EPOCH;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(convert(x)));
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, convert(x)));
      return out;
    }
    if (v instanceof Record r) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (RecordComponent rc : r.getClass().getRecordComponents()) {
        try {
          out.put(EvidenceSchema.fieldName(rc.getName()), convert(rc.getAccessor().invoke(r)));
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new IllegalStateException(e);
        }
      }
      return out;
    }
    throw new IllegalStateException("no CEL value for " + v.getClass());
  }
}
