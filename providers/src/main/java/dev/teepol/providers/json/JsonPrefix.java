package dev.teepol.providers.json;

import dev.teepol.core.limits.Limits;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a provider's {@code recognizes} may know about a JSON document: the kind of its root and,
 * for an object, the names and value kinds of the top-level members that start within the first
 * {@link #WINDOW} bytes. A single structural pass over that prefix, no parse: values are skipped
 * (strings to their closing quote, containers by bracket depth, bounded by {@link
 * Limits#maxJsonDepth()}), nothing but short member names is allocated, and whatever follows the
 * window (or a malformed byte inside it) ends the scan without an error. Nothing read here is
 * vetted: the appraisal parses the whole document again.
 */
public final class JsonPrefix {
  /**
   * Bytes scanned at most. The members that tell the JSON formats apart come first in every real
   * document (a dstack document's {@code event_log} follows a quote of about 10 KB of hex), and a
   * document that puts them past this point is not recognized: name its kind instead.
   */
  public static final int WINDOW = 64 << 10;

  /** Top-level members recorded at most; the formats are told apart by their first few. */
  static final int MAX_MEMBERS = 64;

  /** Longest member name recorded; longer names are skipped (no format uses one). */
  static final int MAX_NAME = 64;

  /** The kind of a JSON value, from its first byte. */
  public enum Kind {
    OBJECT,
    ARRAY,
    STRING,
    NUMBER,
    LITERAL
  }

  private final Optional<Kind> root;
  private final Map<String, Kind> members;

  private JsonPrefix(Optional<Kind> root, Map<String, Kind> members) {
    this.root = root;
    this.members = Collections.unmodifiableMap(members);
  }

  /**
   * Scans at most {@link #WINDOW} bytes (and never more than {@code limits.maxEvidenceBytes()}).
   */
  public static JsonPrefix scan(byte[] b, Limits limits) {
    int window = (int) Math.min(Math.min(b.length, WINDOW), limits.maxEvidenceBytes());
    return new Scanner(b, window, limits.maxJsonDepth()).run();
  }

  public boolean isObject() {
    return root.equals(Optional.of(Kind.OBJECT));
  }

  public boolean isArray() {
    return root.equals(Optional.of(Kind.ARRAY));
  }

  /**
   * The kind of the top-level member {@code name}'s value, when the member starts within the
   * window.
   */
  public Optional<Kind> member(String name) {
    return Optional.ofNullable(members.get(name));
  }

  public boolean has(String name) {
    return members.containsKey(name);
  }

  /**
   * Whether the bytes begin with these JSON tokens, white space allowed between them; each token is
   * compared byte for byte (e.g. {@code "[", "[", "\"JWT\""} for an NRAS response).
   */
  public static boolean startsWithTokens(byte[] b, String... tokens) {
    int i = 0;
    for (String t : tokens) {
      i = skipWhitespace(b, i, Math.min(b.length, WINDOW));
      byte[] tb = t.getBytes(StandardCharsets.US_ASCII);
      if (i + tb.length > b.length) {
        return false;
      }
      for (int k = 0; k < tb.length; k++) {
        if (b[i + k] != tb[k]) {
          return false;
        }
      }
      i += tb.length;
    }
    return true;
  }

  static int skipWhitespace(byte[] b, int i, int end) {
    while (i < end && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
      i++;
    }
    return i;
  }

  static Optional<Kind> kindOf(byte c) {
    return switch (c) {
      case '{' -> Optional.of(Kind.OBJECT);
      case '[' -> Optional.of(Kind.ARRAY);
      case '"' -> Optional.of(Kind.STRING);
      case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> Optional.of(Kind.NUMBER);
      case 't', 'f', 'n' -> Optional.of(Kind.LITERAL);
      default -> Optional.empty();
    };
  }

  /**
   * One pass over {@code b[0, end)}; every method returns -1 where the window ends or the bytes
   * stop being JSON.
   */
  private static final class Scanner {
    private final byte[] b;
    private final int end;
    private final int maxDepth;
    private final Map<String, Kind> members = new LinkedHashMap<>();

    Scanner(byte[] b, int end, int maxDepth) {
      this.b = b;
      this.end = end;
      this.maxDepth = maxDepth;
    }

    JsonPrefix run() {
      int i = skipWhitespace(b, 0, end);
      Optional<Kind> root = i < end ? kindOf(b[i]) : Optional.empty();
      if (root.equals(Optional.of(Kind.OBJECT))) {
        members(i + 1);
      }
      return new JsonPrefix(root, members);
    }

    private void members(int i) {
      while (members.size() < MAX_MEMBERS) {
        i = skipWhitespace(b, i, end);
        if (i >= end || b[i] == '}') {
          return;
        }
        if (b[i] == ',' && !members.isEmpty()) {
          i = skipWhitespace(b, i + 1, end);
        }
        if (i >= end || b[i] != '"') {
          return;
        }
        int nameStart = i + 1;
        int nameEnd = skipString(i);
        if (nameEnd < 0) {
          return;
        }
        i = skipWhitespace(b, nameEnd, end);
        if (i >= end || b[i] != ':') {
          return;
        }
        i = skipWhitespace(b, i + 1, end);
        Optional<Kind> kind = i < end ? kindOf(b[i]) : Optional.empty();
        if (kind.isEmpty()) {
          return;
        }
        name(nameStart, nameEnd - 1).ifPresent(n -> members.putIfAbsent(n, kind.get()));
        i = skipValue(i, kind.get());
        if (i < 0) {
          return;
        }
      }
    }

    /**
     * The name in {@code b[from, to)}, when short and free of escapes (an escaped name matches no
     * format's).
     */
    private Optional<String> name(int from, int to) {
      if (to - from > MAX_NAME) {
        return Optional.empty();
      }
      for (int k = from; k < to; k++) {
        if (b[k] == '\\') {
          return Optional.empty();
        }
      }
      return Optional.of(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /** The index after the string that opens at {@code i}. */
    private int skipString(int i) {
      for (int k = i + 1; k < end; k++) {
        if (b[k] == '\\') {
          k++;
        } else if (b[k] == '"') {
          return k + 1;
        }
      }
      return -1;
    }

    private int skipValue(int i, Kind kind) {
      return switch (kind) {
        case STRING -> skipString(i);
        case OBJECT, ARRAY -> skipContainer(i);
        case NUMBER, LITERAL -> skipScalar(i);
      };
    }

    private int skipScalar(int i) {
      for (int k = i; k < end; k++) {
        byte c = b[k];
        if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
          return k;
        }
      }
      return -1;
    }

    private int skipContainer(int i) {
      int depth = 0;
      for (int k = i; k < end; k++) {
        byte c = b[k];
        if (c == '"') {
          k = skipString(k);
          if (k < 0) {
            return -1;
          }
          k--;
        } else if (c == '{' || c == '[') {
          if (++depth > maxDepth) {
            return -1;
          }
        } else if (c == '}' || c == ']') {
          if (--depth == 0) {
            return k + 1;
          }
        }
      }
      return -1;
    }
  }
}
