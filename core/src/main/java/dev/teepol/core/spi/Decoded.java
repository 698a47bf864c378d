package dev.teepol.core.spi;

import dev.teepol.core.bytes.Hex;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evidence decoded without being verified, for {@code teepol inspect} ({@link
 * EvidenceProvider#inspect}): nothing in it was checked, so nothing in it may be trusted or pinned
 * because it appears here.
 */
public sealed interface Decoded {

  /** The provider decoded every field of its format itself, in the format's own order. */
  record Fields(Group root) implements Decoded {
    public Fields {
      Objects.requireNonNull(root, "root");
    }
  }

  /**
   * The generic answer of a provider that does not decode its format field by field: the normalized
   * evidence of an appraisal with an offline context (decoded, not verified).
   */
  record Normalized(Appraisal appraisal) implements Decoded {
    public Normalized {
      Objects.requireNonNull(appraisal, "appraisal");
    }
  }

  /** Nothing could be decoded: why, naming the field and offset as a parse check would. */
  record Undecodable(String reason) implements Decoded {
    public Undecodable {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** One value of the tree: strings, numbers, booleans, bytes (as lowercase hex), groups, lists. */
  sealed interface Node {}

  record Text(String value) implements Node {
    public Text {
      Objects.requireNonNull(value, "value");
    }
  }

  record Num(BigDecimal value) implements Node {
    public Num {
      Objects.requireNonNull(value, "value");
    }
  }

  record Bool(boolean value) implements Node {}

  /** Bytes, as lowercase hex: shown exactly as the normalized model writes them, so pinnable. */
  record Bytes(String hex) implements Node {
    public Bytes {
      Objects.requireNonNull(hex, "hex");
    }
  }

  /** JSON {@code null} in a JSON document. */
  record Null() implements Node {}

  /** Named fields in order. */
  record Group(Map<String, Node> fields) implements Node {
    public Group {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
  }

  record Items(List<Node> items) implements Node {
    public Items {
      items = List.copyOf(items);
    }
  }

  static GroupBuilder group() {
    return new GroupBuilder();
  }

  static Items items(List<? extends Node> items) {
    return new Items(new ArrayList<>(items));
  }

  /**
   * A JSON value as a tree, as parsed: integers and decimals stay exact. Callers pass documents
   * already parsed within their limits (depth, size), so the recursion is bounded by them.
   */
  static Node of(JsonValue v) {
    if (v instanceof JsonString s) {
      return new Text(s.getString());
    }
    if (v instanceof JsonNumber n) {
      return new Num(n.bigDecimalValue());
    }
    if (v instanceof JsonObject o) {
      GroupBuilder g = group();
      o.forEach((k, x) -> g.put(k, of(x)));
      return g.build();
    }
    if (v instanceof JsonArray a) {
      List<Node> out = new ArrayList<>(a.size());
      a.forEach(x -> out.add(of(x)));
      return new Items(out);
    }
    if (v.getValueType() == JsonValue.ValueType.TRUE) {
      return new Bool(true);
    }
    if (v.getValueType() == JsonValue.ValueType.FALSE) {
      return new Bool(false);
    }
    return new Null();
  }

  /** Builds a {@link Group}; a name given twice keeps its first place and its last value. */
  final class GroupBuilder {
    private final Map<String, Node> fields = new LinkedHashMap<>();

    private GroupBuilder() {}

    public GroupBuilder put(String name, Node value) {
      fields.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public GroupBuilder text(String name, String value) {
      return put(name, new Text(value));
    }

    public GroupBuilder num(String name, long value) {
      return put(name, new Num(BigDecimal.valueOf(value)));
    }

    public GroupBuilder flag(String name, boolean value) {
      return put(name, new Bool(value));
    }

    public GroupBuilder hex(String name, byte[] value) {
      return put(name, new Bytes(Hex.of(value)));
    }

    public Group build() {
      return new Group(fields);
    }
  }
}
