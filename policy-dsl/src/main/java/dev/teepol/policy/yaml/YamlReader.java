package dev.teepol.policy.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML document into {@link YamlNode}s with positions (Jackson's tree model drops them).
 * Duplicate keys, anchors/aliases and nesting beyond a fixed depth are refused: a policy must mean
 * exactly what it shows.
 */
public final class YamlReader {
  private static final int MAX_DEPTH = 32;
  private static final YAMLFactory FACTORY =
      YAMLFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxStringLength(1 << 20)
                  .build())
          .build();

  private final String file;
  private final String[] lines;

  private YamlReader(String file, String text) {
    this.file = file;
    this.lines = lines(text);
  }

  public static YamlNode read(String text, String file) throws YamlException {
    try (YAMLParser p = (YAMLParser) FACTORY.createParser(text)) {
      YamlReader r = new YamlReader(file, text);
      JsonToken t = p.nextToken();
      if (t == null) {
        // Line 1, column 1: an editor jumps there, and the file has nothing else to point at.
        throw new YamlException(
            new SourcePos(file, 1, 1),
            "the policy file is empty (a policy starts with apiVersion: teepol.dev/v1)");
      }
      YamlNode n = r.value(p, t, 0);
      if (p.nextToken() != null) {
        throw new YamlException(r.pos(p.currentTokenLocation()), "more than one YAML document");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw new YamlException(
          l == null ? SourcePos.unknown(file) : new SourcePos(file, l.getLineNr(), l.getColumnNr()),
          plain(
              e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m
                  ? m.getProblem()
                  : e.getOriginalMessage()));
    } catch (IOException e) {
      throw new YamlException(SourcePos.unknown(file), e.getMessage());
    }
  }

  /**
   * The YAML parser's own text names parser states ("expected <block end>, but found '<block
   * mapping start>'") and repeats positions the caret already shows: say what is wrong instead.
   */
  static String plain(String parser) {
    String problem = parser == null ? "" : parser.strip();
    if (problem.contains("<block end>")
        || problem.contains("block mapping start")
        || problem.contains("mapping values are not allowed")
        || problem.contains("block sequence")) {
      return "the indentation of this line does not fit the lines above it (YAML nests by indentation:"
          + " keys of one mapping must start in the same column)";
    }
    if (problem.contains("\\t") || problem.contains("\t") || problem.contains("tab")) {
      return "a tab character: YAML indents with spaces only";
    }
    if (problem.contains("could not find expected ':'")) {
      return "a line that is neither 'key: value' nor a list item '- ...' (a missing ':'?)";
    }
    if (problem.contains("<stream end>") || problem.contains("end of stream")) {
      return "the file ends inside an unclosed quote, [list] or {mapping}";
    }
    int nl = problem.indexOf('\n');
    return "YAML syntax: " + (nl < 0 ? problem : problem.substring(0, nl));
  }

  private SourcePos pos(JsonLocation l) {
    return new SourcePos(file, l.getLineNr(), l.getColumnNr());
  }

  private YamlNode value(YAMLParser p, JsonToken t, int depth) throws IOException, YamlException {
    SourcePos at = pos(p.currentTokenLocation());
    if (p.getObjectId() != null || p.getCurrentAnchor() != null) {
      throw new YamlException(at, "YAML anchors and aliases are not allowed in policies");
    }
    switch (t) {
      case START_OBJECT -> {
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, SourcePos> keys = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          SourcePos keyPos = pos(p.currentTokenLocation());
          if (entries.containsKey(name)) {
            throw new YamlException(
                keyPos,
                "duplicate key '" + name + "' (first at line " + keys.get(name).line() + ")");
          }
          keys.put(name, keyPos);
          entries.put(name, value(p, p.nextToken(), depth + 1));
        }
        return new YamlNode.Mapping(entries, keys, at);
      }
      case START_ARRAY -> {
        List<YamlNode> items = new ArrayList<>();
        for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
          items.add(value(p, i, depth + 1));
        }
        return new YamlNode.Sequence(items, at);
      }
      case VALUE_NULL -> {
        return scalar("", at, true);
      }
      default -> {
        return scalar(p.getText(), at, isPlain(at));
      }
    }
  }

  private YamlNode.Scalar scalar(String text, SourcePos at, boolean plain) {
    char first = charAt(at);
    boolean block = first == '|' || first == '>';
    int contentLine = at.line();
    int contentColumn = at.column() + (first == '"' || first == '\'' ? 1 : 0);
    if (block) {
      contentLine = at.line() + 1;
      while (contentLine <= lines.length && lines[contentLine - 1].isBlank()) {
        contentLine++;
      }
      String l = contentLine <= lines.length ? lines[contentLine - 1] : "";
      contentColumn = l.length() - l.stripLeading().length() + 1;
    }
    return new YamlNode.Scalar(text, plain && !block, block, at, contentLine, contentColumn);
  }

  private boolean isPlain(SourcePos at) {
    char c = charAt(at);
    return c != '"' && c != '\'' && c != '|' && c != '>';
  }

  private char charAt(SourcePos at) {
    if (at.line() < 1 || at.line() > lines.length) {
      return 0;
    }
    String l = lines[at.line() - 1];
    return at.column() >= 1 && at.column() <= l.length() ? l.charAt(at.column() - 1) : 0;
  }

  /** The text of a line of the source, for error snippets. */
  public static String line(String text, int line) {
    String[] ls = lines(text);
    return line >= 1 && line <= ls.length ? ls[line - 1] : "";
  }

  /**
   * The lines of {@code text} as {@code text.split("\r?\n", -1)} gives them, without a regex: every
   * document read is split, and a regex split costs far more (a fuzzer's regex hooks made it most
   * of the time spent reading a long suite).
   */
  static String[] lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
      int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
      out.add(text.substring(start, end));
      start = i + 1;
    }
    out.add(text.substring(start));
    return out.toArray(new String[0]);
  }
}
