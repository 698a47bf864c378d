package dev.teepol.policy.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML value that remembers where it was written. */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

  SourcePos pos();

  /** Kind name for error messages ("a list", "a map", "a scalar"). */
  String describe();

  /**
   * A scalar with its exact source text. {@code plain} tells whether it was written unquoted (so
   * {@code true}, {@code 12} are booleans and numbers); {@code block} whether it was a block scalar
   * ({@code |} or {@code >}), which changes how columns inside it map back to the file.
   */
  record Scalar(
      String text, boolean plain, boolean block, SourcePos pos, int contentLine, int contentColumn)
      implements YamlNode {
    @Override
    public String describe() {
      return "a scalar";
    }
  }

  record Sequence(List<YamlNode> items, SourcePos pos) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A mapping in source order; keys keep their own positions. */
  record Mapping(Map<String, YamlNode> entries, Map<String, SourcePos> keyPositions, SourcePos pos)
      implements YamlNode {
    public Mapping {
      entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
      keyPositions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keyPositions));
    }

    @Override
    public String describe() {
      return "a map";
    }
  }
}
