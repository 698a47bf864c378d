package dev.teepol.cli.output;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * The non-ASCII symbols teepol's text output uses, and what replaces each where the locale cannot
 * show them ({@code LANG=C}, a Windows code page): a terminal that cannot print ✓ shows "?" or
 * mojibake, which reads like "unevaluable".
 */
public final class Glyphs {
  /** Symbol → ASCII. Pass {@code +} and fail {@code x} keep the report's columns aligned. */
  public static final Map<Character, String> ASCII =
      Map.ofEntries(
          Map.entry('✓', "+"),
          Map.entry('✗', "x"),
          Map.entry('›', ">"),
          Map.entry('—', "--"),
          Map.entry('→', "->"),
          Map.entry('←', "<-"),
          Map.entry('…', "..."),
          Map.entry('‖', "||"),
          Map.entry('≠', "!="),
          Map.entry('≤', "<="),
          Map.entry('≥', ">="));

  private Glyphs() {}

  /** {@code s} with every symbol of {@link #ASCII} replaced; other characters are kept. */
  public static String ascii(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      String r = ASCII.get(s.charAt(i));
      if (r != null && b == null) {
        b = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (b != null) {
        if (r != null) {
          b.append(r);
        } else {
          b.append(s.charAt(i));
        }
      }
    }
    return b == null ? s : b.toString();
  }

  /** A writer that replaces the symbols on the way through. */
  static final class AsciiWriter extends FilterWriter {
    AsciiWriter(Writer out) {
      super(out);
    }

    @Override
    public void write(int c) throws IOException {
      String r = ASCII.get((char) c);
      if (r == null) {
        out.write(c);
      } else {
        out.write(r);
      }
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      out.write(ascii(new String(buf, off, len)));
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      out.write(ascii(str.substring(off, off + len)));
    }
  }
}
