package dev.teepol.verifier.review;

import dev.teepol.policy.yaml.SourcePos;
import dev.teepol.policy.yaml.YamlException;
import dev.teepol.policy.yaml.YamlNode;
import dev.teepol.policy.yaml.YamlReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Inserts lines into a policy's YAML text without rewriting it: comments, key order, quoting and
 * layout stay exactly as written. Positions come from the policy's own YAML reader; a list written
 * in flow style ({@code [a, b]}) is extended inside its brackets.
 */
final class PolicyEdit {
  private final List<String> lines;
  private final String eol;
  private final String file;

  PolicyEdit(String text, String file) {
    this.eol = text.contains("\r\n") ? "\r\n" : "\n";
    this.lines = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
    this.file = file;
  }

  String text() {
    return String.join(eol, lines);
  }

  YamlNode.Mapping spec() throws PinException {
    YamlNode root;
    try {
      root = YamlReader.read(text(), file);
    } catch (YamlException e) {
      throw new PinException(file + ": " + e.getMessage());
    }
    if (root instanceof YamlNode.Mapping m
        && m.entries().get("spec") instanceof YamlNode.Mapping s) {
      if (flow(s.pos())) {
        throw new PinException(
            file
                + ": spec is written in flow style ({...}); write it as a block to let teepol pin extend it");
      }
      return s;
    }
    throw new PinException(file + ": no spec mapping to add to");
  }

  /** The mapping under {@code key}, when it is one. */
  static Optional<YamlNode.Mapping> child(YamlNode.Mapping m, String key) {
    return m.entries().get(key) instanceof YamlNode.Mapping c ? Optional.of(c) : Optional.empty();
  }

  /**
   * Adds items to the block list under {@code key} of {@code parent} (after its last item), or
   * values to a flow list inside its brackets; {@code comment} goes on its own line above.
   */
  void appendToList(
      YamlNode.Mapping parent,
      String key,
      List<String> itemLines,
      List<String> flowValues,
      String comment)
      throws PinException {
    YamlNode n = parent.entries().get(key);
    SourcePos keyPos = parent.keyPositions().get(key);
    if (!(n instanceof YamlNode.Sequence s)) {
      throw new PinException(file + ":" + keyPos.line() + ": " + key + " is not a list");
    }
    if (flow(s.pos())) {
      int[] close = closingBracket(s.pos());
      String l = lines.get(close[0]);
      String sep = s.items().isEmpty() ? "" : ", ";
      lines.set(
          close[0],
          l.substring(0, close[1]) + sep + String.join(", ", flowValues) + l.substring(close[1]));
      int kl = keyPos.line() - 1;
      lines.add(kl, indentOf(lines.get(kl)) + "# " + comment);
      return;
    }
    YamlNode first = s.items().get(0);
    String firstLine = lines.get(first.pos().line() - 1);
    int dash = firstLine.lastIndexOf('-', first.pos().column() - 1);
    String indent = " ".repeat(Math.max(dash, 0));
    int keyLine = keyPos.line() - 1;
    int end = blockEnd(keyLine, indentOf(lines.get(keyLine)).length());
    List<String> add = new ArrayList<>();
    add.add(indent + "# " + comment);
    itemLines.forEach(x -> add.add(indent + x));
    lines.addAll(end + 1, add);
  }

  /**
   * Adds {@code block} (lines relative to the mapping's key indentation) at the end of a mapping.
   */
  void appendToMapping(YamlNode.Mapping m, SourcePos mappingKey, List<String> block)
      throws PinException {
    if (flow(m.pos())) {
      throw new PinException(
          file
              + ":"
              + mappingKey.line()
              + ": written in flow style ({...}); write it as a block to let teepol pin extend it");
    }
    int keyLine = mappingKey.line() - 1;
    int keyIndent = indentOf(lines.get(keyLine)).length();
    String childIndent =
        m.keyPositions().values().stream()
            .findFirst()
            .map(p -> " ".repeat(p.column() - 1))
            .orElse(" ".repeat(keyIndent + 2));
    int end = blockEnd(keyLine, keyIndent);
    List<String> add = block.stream().map(x -> childIndent + x).toList();
    lines.addAll(end + 1, add);
  }

  /** The last line of the block that starts at {@code keyLine} (0-based). */
  private int blockEnd(int keyLine, int keyIndent) {
    int last = keyLine;
    for (int i = keyLine + 1; i < lines.size(); i++) {
      String l = lines.get(i);
      String t = l.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      int ind = indentOf(l).length();
      if (ind > keyIndent || (ind == keyIndent && (t.startsWith("- ") || t.equals("-")))) {
        last = i;
      } else {
        break;
      }
    }
    return last;
  }

  /** Line and column (0-based) of the ']' that closes the flow list starting at {@code at}. */
  private int[] closingBracket(SourcePos at) throws PinException {
    int depth = 0;
    char quote = 0;
    for (int li = at.line() - 1; li < lines.size(); li++) {
      String l = lines.get(li);
      for (int c = li == at.line() - 1 ? at.column() - 1 : 0; c < l.length(); c++) {
        char ch = l.charAt(c);
        if (quote != 0) {
          if (ch == quote) {
            quote = 0;
          }
        } else if (ch == '\'' || ch == '"') {
          quote = ch;
        } else if (ch == '#' && (c == 0 || Character.isWhitespace(l.charAt(c - 1)))) {
          break;
        } else if (ch == '[') {
          depth++;
        } else if (ch == ']' && --depth == 0) {
          return new int[] {li, c};
        }
      }
    }
    throw new PinException(file + ":" + at.line() + ": cannot find the end of this list");
  }

  private boolean flow(SourcePos p) {
    String l = p.line() >= 1 && p.line() <= lines.size() ? lines.get(p.line() - 1) : "";
    int c = p.column() - 1;
    return c >= 0 && c < l.length() && (l.charAt(c) == '[' || l.charAt(c) == '{');
  }

  private static String indentOf(String l) {
    return l.substring(0, l.length() - l.stripLeading().length());
  }
}
