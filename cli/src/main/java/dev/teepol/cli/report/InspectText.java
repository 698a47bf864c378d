package dev.teepol.cli.report;

import dev.teepol.core.spi.Decoded;
import dev.teepol.verifier.Inspection;
import java.io.PrintWriter;
import java.util.Map;

/**
 * {@code teepol inspect} for people: the decoded tree as indented {@code name: value} lines (lists
 * as {@code - } items, multi-line text as an indented block), under a line that says nothing was
 * verified. Text from the evidence is printed with control characters escaped, so a hostile event
 * name cannot move the cursor or recolour the terminal.
 */
public final class InspectText {
  private InspectText() {}

  public static void print(Inspection i, PrintWriter out) {
    out.println("evidence: " + i.input() + " (" + i.provider() + ")");
    out.println(Inspection.NOTE);
    if (i.method() == Inspection.Method.NORMALIZED) {
      out.println(
          "decoded as: the normalized evidence of an offline appraisal (this provider does not"
              + " decode its format field by field)");
    }
    out.println();
    group(i.fields(), "", out);
    out.flush();
  }

  private static void group(Decoded.Group g, String indent, PrintWriter out) {
    for (Map.Entry<String, Decoded.Node> e : g.fields().entrySet()) {
      field(safe(e.getKey()), e.getValue(), indent, out);
    }
  }

  private static void field(String name, Decoded.Node v, String indent, PrintWriter out) {
    if (v instanceof Decoded.Group g) {
      out.println(indent + name + ":" + (g.fields().isEmpty() ? " {}" : ""));
      group(g, indent + "  ", out);
    } else if (v instanceof Decoded.Items l) {
      String inline = inline(l);
      out.println(indent + name + ":" + (inline.isEmpty() ? "" : " " + inline));
      if (inline.isEmpty()) {
        for (Decoded.Node item : l.items()) {
          item(item, indent + "  ", out);
        }
      }
    } else if (v instanceof Decoded.Text t && t.value().contains("\n")) {
      out.println(indent + name + ": |");
      t.value().lines().forEach(line -> out.println(indent + "  " + safe(line)));
    } else {
      out.println(indent + name + ": " + scalar(v));
    }
  }

  /** A list item: "- value", or a group whose first field shares the dash's line. */
  private static void item(Decoded.Node v, String indent, PrintWriter out) {
    if (v instanceof Decoded.Group g && !g.fields().isEmpty()) {
      boolean first = true;
      for (Map.Entry<String, Decoded.Node> e : g.fields().entrySet()) {
        java.io.StringWriter one = new java.io.StringWriter();
        PrintWriter w = new PrintWriter(one);
        field(safe(e.getKey()), e.getValue(), indent + "  ", w);
        w.flush();
        String text = one.toString();
        // The first field goes on the dash's line: "- subject: ...".
        out.print(first ? indent + "- " + text.substring(indent.length() + 2) : text);
        first = false;
      }
    } else if (v instanceof Decoded.Items l && !inline(l).isEmpty()) {
      out.println(indent + "- " + inline(l));
    } else if (v instanceof Decoded.Items || v instanceof Decoded.Group) {
      field("-", v, indent, out);
    } else {
      out.println(indent + "- " + scalar(v));
    }
  }

  /** Short lists of one-line scalars on one line, "[4, 4, 2]"; "" when the list is not one. */
  private static String inline(Decoded.Items l) {
    StringBuilder b = new StringBuilder("[");
    for (Decoded.Node n : l.items()) {
      if (n instanceof Decoded.Group
          || n instanceof Decoded.Items
          || n instanceof Decoded.Text t && t.value().contains("\n")) {
        return "";
      }
      b.append(b.length() == 1 ? "" : ", ").append(scalar(n));
      if (b.length() > INLINE_WIDTH) {
        return "";
      }
    }
    return b.append(']').toString();
  }

  private static final int INLINE_WIDTH = 100;

  private static String scalar(Decoded.Node v) {
    if (v instanceof Decoded.Text t) {
      return t.value().isEmpty() ? "\"\"" : safe(t.value());
    }
    if (v instanceof Decoded.Num n) {
      return n.value().toPlainString();
    }
    if (v instanceof Decoded.Bool b) {
      return String.valueOf(b.value());
    }
    if (v instanceof Decoded.Bytes b) {
      return b.hex().isEmpty() ? "\"\"" : b.hex();
    }
    return "null";
  }

  /** Control characters (C0, DEL, C1) as \\uXXXX: evidence text must not drive the terminal. */
  static String safe(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f;
      if (control && b == null) {
        b = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (b != null) {
        if (control) {
          b.append(String.format("\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }
}
