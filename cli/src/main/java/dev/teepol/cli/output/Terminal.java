package dev.teepol.cli.output;

import java.util.Locale;
import java.util.Map;

/**
 * What the CLI knows about where its text goes, decided once at start-up from the environment (and
 * injected by tests, which never read the real one).
 *
 * @param utf8 the locale's character set is UTF-8, so ✓ ✗ › — → … can be printed as such
 * @param interactive standard output is a terminal (colour is only worth sending to one)
 * @param colorRefused {@code NO_COLOR} is set to a non-empty value, or {@code TERM=dumb}
 */
public record Terminal(boolean utf8, boolean interactive, boolean colorRefused) {
  /** A pipe in a UTF-8 locale: what in-process runs (tests, embedders) get by default. */
  public static final Terminal PIPE_UTF8 = new Terminal(true, false, false);

  /**
   * Reads the POSIX locale variables the way the C library does: the first non-empty of {@code
   * LC_ALL}, {@code LC_CTYPE}, {@code LANG} names the character set ({@code en_US.UTF-8}, {@code
   * C.utf8}: UTF-8; {@code C}, {@code POSIX}, {@code en_US.ISO-8859-1}: not). When none is set
   * (Windows, a bare container) the JVM's {@code native.encoding} decides.
   *
   * @param env the process environment
   * @param nativeEncoding the JVM's {@code native.encoding} property ("" when unknown)
   * @param console whether standard output is a terminal
   */
  public static Terminal detect(Map<String, String> env, String nativeEncoding, boolean console) {
    String locale = "";
    for (String name : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
      String v = env.getOrDefault(name, "");
      if (!v.isEmpty()) {
        locale = v;
        break;
      }
    }
    String charset = locale.isEmpty() ? nullToEmpty(nativeEncoding) : locale;
    String c = charset.toLowerCase(Locale.ROOT);
    boolean utf8 = c.contains("utf-8") || c.contains("utf8");
    // https://no-color.org: present and not empty disables colour, whatever its value.
    boolean refused = !env.getOrDefault("NO_COLOR", "").isEmpty() || "dumb".equals(env.get("TERM"));
    return new Terminal(utf8, console, refused);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
