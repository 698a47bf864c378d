package dev.teepol.policy.schema;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.common.types.StructTypeReference;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL types of the evidence model, generated from the core records by reflection so the schema
 * policies are checked against can never drift from the model providers fill. Field names are the
 * record components in snake_case; {@code evidence.checks} (the provider checks by id) is added to
 * the evidence type.
 */
public final class EvidenceSchema implements CelTypeProvider {
  public static final String PACKAGE = "teepol.";
  public static final String EVIDENCE = PACKAGE + "Evidence";
  public static final String CHECK = PACKAGE + "Check";

  private static final EvidenceSchema INSTANCE = new EvidenceSchema();

  private final Map<String, StructType> types = new LinkedHashMap<>();

  /** Field names of every struct, for did-you-mean suggestions. */
  private final Map<String, List<String>> fields = new LinkedHashMap<>();

  private EvidenceSchema() {
    Map<String, CelType> evidence = structFields(Evidence.class);
    evidence.put("checks", MapType.create(SimpleType.STRING, StructTypeReference.create(CHECK)));
    put(EVIDENCE, evidence);
    Map<String, CelType> check = new LinkedHashMap<>();
    check.put("outcome", SimpleType.STRING);
    check.put("reason", SimpleType.STRING);
    put(CHECK, check);
  }

  public static EvidenceSchema get() {
    return INSTANCE;
  }

  public static CelType evidenceType() {
    return StructTypeReference.create(EVIDENCE);
  }

  /** snake_case of a record component name. */
  public static String fieldName(String component) {
    StringBuilder b = new StringBuilder();
    for (char c : component.toCharArray()) {
      if (Character.isUpperCase(c)) {
        b.append('_').append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  public static String typeName(Class<?> record) {
    return PACKAGE + record.getSimpleName();
  }

  private Map<String, CelType> structFields(Class<?> record) {
    Map<String, CelType> out = new LinkedHashMap<>();
    for (RecordComponent rc : record.getRecordComponents()) {
      out.put(fieldName(rc.getName()), celType(rc.getGenericType()));
    }
    return out;
  }

  private CelType celType(Type t) {
    if (t instanceof Class<?> c) {
      if (c == String.class || c.isEnum()) {
        return SimpleType.STRING;
      }
      if (c == boolean.class || c == Boolean.class) {
        return SimpleType.BOOL;
      }
      if (c == int.class || c == long.class || c == Integer.class || c == Long.class) {
        return SimpleType.INT;
      }
      if (c == Instant.class) {
        return SimpleType.TIMESTAMP;
      }
      if (c.isRecord()) {
        String name = typeName(c);
        if (!types.containsKey(name)) {
          types.put(name, null); // reserve: records do not recurse, but keep the order stable
          put(name, structFields(c));
        }
        return StructTypeReference.create(name);
      }
    } else if (t instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (raw == List.class) {
        return ListType.create(celType(args[0]));
      }
      if (raw == Map.class) {
        return MapType.create(celType(args[0]), celType(args[1]));
      }
      if (raw == Optional.class) {
        return celType(args[0]);
      }
    }
    throw new IllegalStateException("evidence model type " + t + " has no CEL mapping");
  }

  private void put(String name, Map<String, CelType> f) {
    ImmutableMap<String, CelType> m = ImmutableMap.copyOf(f);
    types.put(
        name,
        StructType.create(
            name, ImmutableSet.copyOf(m.keySet()), n -> Optional.ofNullable(m.get(n))));
    fields.put(name, List.copyOf(m.keySet()));
  }

  @Override
  public ImmutableCollection<CelType> types() {
    return com.google.common.collect.ImmutableList.copyOf(types.values());
  }

  @Override
  public Optional<CelType> findType(String typeName) {
    return Optional.ofNullable(types.get(typeName));
  }

  /** Every field name of every struct type (for suggestions). */
  public List<String> allFieldNames() {
    return fields.values().stream().flatMap(List::stream).distinct().toList();
  }

  /** The binding labels that appear as values of {@code evidence.bound}. */
  public static List<String> bindingLabels() {
    return java.util.Arrays.stream(Binding.values()).map(Binding::label).toList();
  }
}
