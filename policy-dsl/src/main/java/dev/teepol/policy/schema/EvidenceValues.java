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
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
  private record Shape(
      List<Accessor> accessors,
      Map<String, Integer> index,
      Object[] constants,
      Map<String, Object>[] values) {
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
          Map<String, Integer> index = new java.util.HashMap<>();
          for (int i = 0; i < out.size(); i++) {
            index.put(out.get(i).field(), i);
          }
          Shape bare = new Shape(List.copyOf(out), Map.copyOf(index), new Object[0], emptyValues());
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
          return new Shape(
              bare.accessors(), bare.index(), constants.toArray(), values.toArray(emptyValues()));
        }
      };

  @SuppressWarnings("unchecked")
  private static Map<String, Object>[] emptyValues() {
    return (Map<String, Object>[]) new Map<?, ?>[0];
  }

  private EvidenceValues() {}

  /**
   * The appraisal's evidence and its provider checks (under {@code checks}). Read-only; each value
   * is converted when it is first read, so a policy pays only for the parts of the evidence its
   * checks look at.
   */
  public static Map<String, Object> of(Appraisal appraisal) {
    Record e = appraisal.evidence();
    return new LazyFields(
        e,
        SHAPES.get(e.getClass()),
        "checks",
        () -> {
          Map<String, Object> checks = new LinkedHashMap<>();
          for (CheckResult c : appraisal.checks()) {
            checks.put(c.id(), Map.of("outcome", c.outcome().label(), "reason", c.explanation()));
          }
          return Collections.unmodifiableMap(checks);
        });
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
      return constant != null ? constant : new LazyFields(r, shape, null, null);
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

  /** Every field converted now: for the shared constants, which are built once. */
  private static Map<String, Object> fields(Record r, Shape shape) {
    Map<String, Object> out = new LinkedHashMap<>(shape.accessors().size() * 2);
    for (Accessor a : shape.accessors()) {
      out.put(a.field(), convert(read(r, a)));
    }
    return out;
  }

  private static Object read(Record r, Accessor a) {
    try {
      return (Object) a.getter().invokeExact((Object) r);
    } catch (Throwable e) {
      throw new IllegalStateException("reading " + a.field(), e);
    }
  }

  /**
   * A record's fields (and at most one extra entry) as a read-only map in declaration order, each
   * value converted on its first read and kept. Built per evaluation and read by its thread; if it
   * is ever read by two, both convert the same immutable record to equal values, so the race on a
   * slot is benign.
   */
  private static final class LazyFields extends AbstractMap<String, Object> {
    private final Record record;
    private final Shape shape;
    private final String extraKey;
    private final java.util.function.Supplier<Object> extra;
    private final Object[] values;

    LazyFields(
        Record record, Shape shape, String extraKey, java.util.function.Supplier<Object> extra) {
      this.record = record;
      this.shape = shape;
      this.extraKey = extraKey;
      this.extra = extra;
      this.values = new Object[shape.accessors().size() + (extraKey == null ? 0 : 1)];
    }

    private int indexOf(Object key) {
      if (extraKey != null && extraKey.equals(key)) {
        return values.length - 1;
      }
      Integer i = shape.index().get(key);
      return i == null ? -1 : i;
    }

    private Object value(int i) {
      Object v = values[i];
      if (v == null) {
        v =
            i < shape.accessors().size()
                ? convert(read(record, shape.accessors().get(i)))
                : extra.get();
        values[i] = v;
      }
      return v;
    }

    private String key(int i) {
      return i < shape.accessors().size() ? shape.accessors().get(i).field() : extraKey;
    }

    @Override
    public int size() {
      return values.length;
    }

    @Override
    public boolean containsKey(Object key) {
      return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
      int i = indexOf(key);
      return i < 0 ? null : value(i);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return values.length;
        }

        @Override
        public Iterator<Entry<String, Object>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < values.length;
            }

            @Override
            public Entry<String, Object> next() {
              if (next >= values.length) {
                throw new java.util.NoSuchElementException();
              }
              int i = next++;
              return new SimpleImmutableEntry<>(key(i), value(i));
            }
          };
        }
      };
    }
  }
}
