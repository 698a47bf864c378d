package dev.teepol.policy.test;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.policy.compile.Diagnostics;
import dev.teepol.policy.schema.EvidenceSchema;
import dev.teepol.policy.yaml.SourcePos;
import dev.teepol.policy.yaml.YamlNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The normalized evidence model (docs/evidence-model.md) written in YAML → the core records, field
 * by field. Keys are the record components through {@link EvidenceSchema#fieldName}, the same
 * mapping the CEL schema uses, so fixtures and the model policies see cannot drift: an unknown key
 * is an error with its position and the closest field. Omitted fields take the model's own "absent"
 * value (a record's {@code NONE}/{@code UNKNOWN} constant, else empty/false/0), never null.
 */
final class NormalizedEvidenceReader {
  static final String CHECKS = "checks";
  static final String COMPONENTS = "components";
  private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]*");

  private final Diagnostics d;

  NormalizedEvidenceReader(Diagnostics d) {
    this.d = d;
  }

  /** Evidence at the top level plus its provider {@code checks} and named {@code components}. */
  Appraisal appraisal(YamlNode node, String where) {
    if (!(node instanceof YamlNode.Mapping m)) {
      d.error(node.pos(), where + " must be a map of evidence fields, found " + node.describe());
      return new Appraisal(Evidence.empty("", ""), List.of());
    }
    Evidence e = (Evidence) record(Evidence.class, m, where, Set.of(CHECKS, COMPONENTS));
    List<CheckResult> checks = checks(m.entries().get(CHECKS), where + "." + CHECKS);
    Map<String, Appraisal> components = new LinkedHashMap<>();
    YamlNode c = m.entries().get(COMPONENTS);
    if (c != null) {
      mapping(c, where + "." + COMPONENTS)
          .ifPresent(
              cm ->
                  cm.entries()
                      .forEach(
                          (name, v) ->
                              components.put(
                                  name, appraisal(v, where + "." + COMPONENTS + "." + name))));
    }
    return new Appraisal(e, checks, components);
  }

  private Object record(Class<?> type, YamlNode node, String where, Set<String> extraKeys) {
    Optional<YamlNode.Mapping> m = mapping(node, where);
    Object[] args = defaults(type);
    if (m.isEmpty()) {
      return construct(type, args);
    }
    RecordComponent[] rcs = type.getRecordComponents();
    List<String> fields =
        Arrays.stream(rcs).map(rc -> EvidenceSchema.fieldName(rc.getName())).toList();
    m.get()
        .entries()
        .forEach(
            (key, value) -> {
              if (!fields.contains(key) && !extraKeys.contains(key)) {
                Set<String> allowed = new TreeSet<>(fields);
                allowed.addAll(extraKeys);
                d.error(
                    m.get().keyPositions().get(key),
                    "unknown key '" + key + "' in " + where + " (fields: " + allowed + ")",
                    key,
                    allowed);
              }
            });
    for (int i = 0; i < rcs.length; i++) {
      YamlNode v = m.get().entries().get(fields.get(i));
      if (v != null) {
        Object parsed = value(rcs[i].getGenericType(), v, where + "." + fields.get(i));
        if (parsed != null) {
          args[i] = parsed;
        }
      }
    }
    return construct(type, args);
  }

  /** A value of the model's Java type, or null after reporting why it cannot be one. */
  private Object value(Type t, YamlNode n, String where) {
    if (t instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type arg = p.getActualTypeArguments()[p.getActualTypeArguments().length - 1];
      if (raw == Optional.class) {
        return Optional.ofNullable(value(arg, n, where));
      }
      if (raw == List.class) {
        if (!(n instanceof YamlNode.Sequence s)) {
          d.error(n.pos(), where + " must be a list, found " + n.describe());
          return null;
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < s.items().size(); i++) {
          Object v = value(arg, s.items().get(i), where + "[" + i + "]");
          if (v != null) {
            out.add(v);
          }
        }
        return out;
      }
      if (raw == Map.class) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean registers = where.endsWith(".measurements");
        mapping(n, where)
            .ifPresent(
                m ->
                    m.entries()
                        .forEach(
                            (k, v) -> {
                              Object x = value(arg, v, where + "." + k);
                              if (x != null) {
                                if (registers) {
                                  hex(v.pos(), where + "." + k, (String) x);
                                }
                                out.put(k, x);
                              }
                            }));
        return out;
      }
    } else if (t instanceof Class<?> c) {
      if (c.isRecord()) {
        return record(c, n, where, Set.of());
      }
      if (!(n instanceof YamlNode.Scalar s)) {
        d.error(n.pos(), where + " must be a single value, found " + n.describe());
        return null;
      }
      return scalar(c, s, where);
    }
    throw new IllegalStateException("evidence model type " + t + " has no YAML form");
  }

  private Object scalar(Class<?> c, YamlNode.Scalar s, String where) {
    String text = s.text().trim();
    if (c == String.class) {
      if (where.endsWith(".report_data")) {
        hex(s.pos(), where, s.text());
      }
      return s.text();
    }
    if (c == boolean.class || c == Boolean.class) {
      if (s.plain() && (text.equals("true") || text.equals("false"))) {
        return Boolean.parseBoolean(text);
      }
      d.error(s.pos(), where + " must be true or false, found '" + s.text() + "'");
      return null;
    }
    if (c == int.class || c == long.class) {
      try {
        long v = Long.parseLong(text);
        if (c == int.class && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
          throw new NumberFormatException();
        }
        return c == int.class ? (Object) (int) v : (Object) v;
      } catch (NumberFormatException e) {
        d.error(s.pos(), where + " must be an integer, found '" + s.text() + "'");
        return null;
      }
    }
    if (c == Instant.class) {
      try {
        return SuiteReader.instant(text);
      } catch (IllegalArgumentException e) {
        d.error(s.pos(), where + ": " + e.getMessage());
        return null;
      }
    }
    if (c == Binding.class) {
      List<String> labels = EvidenceSchema.bindingLabels();
      if (labels.contains(text)) {
        return Binding.valueOf(text.toUpperCase(Locale.ROOT));
      }
      d.error(
          s.pos(),
          where + ": unknown binding '" + text + "' (one of " + labels + ")",
          text,
          labels);
      return null;
    }
    throw new IllegalStateException("evidence model type " + c + " has no YAML form");
  }

  /**
   * Providers write pinned values as lowercase hex; a fixture that does not can never match a pin.
   */
  private void hex(SourcePos pos, String where, String v) {
    if (!LOWER_HEX.matcher(v).matches()) {
      d.error(pos, where + " must be lowercase hex, as providers write it, found '" + v + "'");
    }
  }

  private List<CheckResult> checks(YamlNode n, String where) {
    List<CheckResult> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    List<String> outcomes = List.of("PASS", "FAIL", "UNEVALUABLE");
    List<String> categories = Arrays.stream(CheckCategory.values()).map(Enum::name).toList();
    mapping(n, where)
        .ifPresent(
            m ->
                m.entries()
                    .forEach(
                        (id, v) -> {
                          String at = where + "." + id;
                          mapping(v, at)
                              .ifPresent(
                                  cm -> {
                                    cm.entries()
                                        .keySet()
                                        .forEach(
                                            k -> {
                                              if (!Set.of("outcome", "reason", "category")
                                                  .contains(k)) {
                                                d.error(
                                                    cm.keyPositions().get(k),
                                                    "unknown key '"
                                                        + k
                                                        + "' in "
                                                        + at
                                                        + " (fields: [category, outcome, reason])",
                                                    k,
                                                    List.of("outcome", "reason", "category"));
                                              }
                                            });
                                    String outcome = text(cm, "outcome").orElse("");
                                    if (!outcomes.contains(outcome)) {
                                      d.error(
                                          cm.keyPositions().getOrDefault("outcome", cm.pos()),
                                          at
                                              + ".outcome must be one of "
                                              + outcomes
                                              + (outcome.isEmpty()
                                                  ? ""
                                                  : ", found '" + outcome + "'"),
                                          outcome,
                                          outcomes);
                                      return;
                                    }
                                    String category =
                                        text(cm, "category")
                                            .map(x -> x.toUpperCase(Locale.ROOT))
                                            .orElse(CheckCategory.BINDING.name());
                                    if (!categories.contains(category)) {
                                      d.error(
                                          cm.keyPositions().get("category"),
                                          at
                                              + ".category must be one of "
                                              + categories
                                              + ", found '"
                                              + category
                                              + "'",
                                          category,
                                          categories);
                                      return;
                                    }
                                    String reason = text(cm, "reason").orElse("");
                                    Outcome o =
                                        switch (outcome) {
                                          case "PASS" -> Outcome.PASS;
                                          case "FAIL" ->
                                              Outcome.fail(
                                                  reason.isEmpty() ? "failed (fixture)" : reason);
                                          default ->
                                              Outcome.unevaluable(
                                                  reason.isEmpty()
                                                      ? "unevaluable (fixture)"
                                                      : reason);
                                        };
                                    out.add(
                                        new CheckResult(
                                            id,
                                            CheckCategory.valueOf(category),
                                            o,
                                            o.passed() ? reason : ""));
                                  });
                        }));
    return out;
  }

  private Optional<String> text(YamlNode.Mapping m, String key) {
    YamlNode n = m.entries().get(key);
    if (n == null) {
      return Optional.empty();
    }
    if (n instanceof YamlNode.Scalar s) {
      return Optional.of(s.text().trim());
    }
    d.error(n.pos(), key + " must be a single value, found " + n.describe());
    return Optional.empty();
  }

  private Optional<YamlNode.Mapping> mapping(YamlNode n, String where) {
    if (n instanceof YamlNode.Mapping m) {
      return Optional.of(m);
    }
    if (n instanceof YamlNode.Scalar s && s.plain() && s.text().isEmpty()) {
      return Optional.of(
          new YamlNode.Mapping(Map.of(), Map.of(), n.pos())); // `key:` with nothing = empty
    }
    d.error(n.pos(), where + " must be a map, found " + n.describe());
    return Optional.empty();
  }

  /**
   * What an omitted component is: the record's own "absent" constant if it has one (Platform.NONE
   * says tee "none", Tcb.UNKNOWN an eval number of -1), else empty, false or 0 component by
   * component.
   */
  static Object[] defaults(Class<?> type) {
    RecordComponent[] rcs = type.getRecordComponents();
    Object[] out = new Object[rcs.length];
    Optional<Object> constant = absentConstant(type);
    for (int i = 0; i < rcs.length; i++) {
      if (constant.isPresent()) {
        try {
          out[i] = rcs[i].getAccessor().invoke(constant.get());
          continue;
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      out[i] = zero(rcs[i].getType());
    }
    return out;
  }

  private static Object zero(Class<?> c) {
    if (c == String.class) {
      return "";
    }
    if (c == boolean.class) {
      return false;
    }
    if (c == int.class) {
      return 0;
    }
    if (c == long.class) {
      return 0L;
    }
    if (c == Optional.class) {
      return Optional.empty();
    }
    if (c == List.class) {
      return List.of();
    }
    if (c == Map.class) {
      return Map.of();
    }
    if (c == Binding.class) {
      // Fail closed: a binding nobody wrote down proves nothing.
      return Binding.SELF_REPORTED;
    }
    if (c.isRecord()) {
      return construct(c, defaults(c));
    }
    throw new IllegalStateException("evidence model type " + c + " has no empty value");
  }

  private static Optional<Object> absentConstant(Class<?> type) {
    for (Field f : type.getFields()) {
      int mod = f.getModifiers();
      if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && f.getType() == type) {
        try {
          return Optional.of(f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return Optional.empty();
  }

  private static Object construct(Class<?> type, Object[] args) {
    try {
      Class<?>[] types =
          Arrays.stream(type.getRecordComponents())
              .map(RecordComponent::getType)
              .toArray(Class<?>[]::new);
      Constructor<?> ctor = type.getDeclaredConstructor(types);
      return ctor.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
    }
  }
}
