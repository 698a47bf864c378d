package dev.teepol.policy.schema;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckResult;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
  /** Record reflection is slow to look up and fast to use: resolve each record class once. */
  private record Accessor(String field, MethodHandle getter) {}

  /**
   * How to convert a record class: its accessors (as {@code (Object)Object} handles, called with
   * invokeExact), and its shared constants ({@code Tpm.NONE}, {@code SnpGuest.NONE}, ...) already
   * converted. Most evidence leaves most parts empty, and an empty part is that constant: its
   * values are built once, not on every evaluation.
   */
  private record Shape(List<Accessor> accessors, Object[] constants, Map<String, Object>[] values) {
    Map<String, Object> constant(Object r) {
      for (int i = 0; i < constants.length; i++) {
        if (constants[i] == r) {
          return values[i];
        }
      }
      return null;
    }
  }

  /** Lower-case names of an enum's constants, by ordinal ({@link Binding#label()} for Binding). */
  private static final ClassValue<String[]> LABELS =
      new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
          Object[] constants = type.getEnumConstants();
          String[] out = new String[constants.length];
          for (int i = 0; i < out.length; i++) {
            out[i] =
                constants[i] instanceof Binding b
                    ? b.label()
                    : ((Enum<?>) constants[i]).name().toLowerCase(java.util.Locale.ROOT);
          }
          return out;
        }
      };

  private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

  private static final ClassValue<Shape> SHAPES =
      new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
          List<Accessor> out = new ArrayList<>();
          for (RecordComponent rc : type.getRecordComponents()) {
            try {
              out.add(
                  new Accessor(
                      EvidenceSchema.fieldName(rc.getName()),
                      MethodHandles.publicLookup().unreflect(rc.getAccessor()).asType(GETTER)));
            } catch (IllegalAccessException e) {
              throw new IllegalStateException(e);
            }
          }
          Shape bare = new Shape(List.copyOf(out), new Object[0], emptyValues());
          List<Object> constants = new ArrayList<>();
          List<Map<String, Object>> values = new ArrayList<>();
          for (Field f : type.getFields()) {
            int m = f.getModifiers();
            if (f.getType() == type && Modifier.isStatic(m) && Modifier.isFinal(m)) {
              try {
                Object c = f.get(null);
                if (c != null) {
                  constants.add(c);
                  values.add(Collections.unmodifiableMap(fields((Record) c, bare)));
                }
              } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
              }
            }
          }
          return new Shape(bare.accessors(), constants.toArray(), values.toArray(emptyValues()));
        }
      };

  @SuppressWarnings("unchecked")
  private static Map<String, Object>[] emptyValues() {
    return (Map<String, Object>[]) new Map<?, ?>[0];
  }

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
    if (v instanceof Enum<?> e) {
      // Binding.label() and every other enum: the lower-case name, computed once per constant.
      return LABELS.get(e.getDeclaringClass())[e.ordinal()];
    }
    if (v instanceof Optional<?> o) {
      return o.isPresent() ? convert(o.get()) : Instant.EPOCH;
    }
    if (v instanceof List<?> l) {
      if (allPlain(l)) {
        // Already CEL values (registers, advisory ids, ...): a read-only view, no copy.
        return Collections.unmodifiableList(l);
      }
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(convert(x)));
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      if (allPlain(m.values())) {
        // Same iteration order as a copy would have, without the copy.
        return Collections.unmodifiableMap(m);
      }
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, convert(x)));
      return out;
    }
    if (v instanceof Record r) {
      Shape shape = SHAPES.get(r.getClass());
      Map<String, Object> constant = shape.constant(r);
      return constant != null ? constant : fields(r, shape);
    }
    throw new IllegalStateException("no CEL value for " + v.getClass());
  }

  /** Every element is a value CEL takes as it is (and none is null, which convert refuses). */
  private static boolean allPlain(java.util.Collection<?> values) {
    for (Object x : values) {
      if (!(x instanceof String
          || x instanceof Boolean
          || x instanceof Long
          || x instanceof Instant)) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Object> fields(Record r, Shape shape) {
    Map<String, Object> out = new LinkedHashMap<>(shape.accessors().size() * 2);
    for (Accessor a : shape.accessors()) {
      Object value;
      try {
        value = (Object) a.getter().invokeExact((Object) r);
      } catch (Throwable e) {
        throw new IllegalStateException("reading " + a.field(), e);
      }
      out.put(a.field(), convert(value));
    }
    return out;
  }
}
