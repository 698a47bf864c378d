package dev.teepol.core.bytes;

import java.util.HexFormat;

/** Lowercase hex, the one spelling measurements and pins use everywhere in teepol. */
public final class Hex {
  private static final HexFormat HEX = HexFormat.of();

  private Hex() {}

  public static String of(byte[] b) {
    return HEX.formatHex(b);
  }

  public static String of(byte[] b, int from, int len) {
    return HEX.formatHex(b, from, from + len);
  }

  /**
   * Decodes hex, tolerating an optional 0x prefix and upper case; rejects odd lengths and bad
   * digits.
   */
  public static byte[] decode(String s) {
    String t = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    if ((t.length() & 1) != 0) {
      throw new IllegalArgumentException("odd-length hex string (" + t.length() + " digits)");
    }
    return HEX.parseHex(t);
  }

  /**
   * Whether {@code s} is a non-empty even number of ASCII hex digits: exactly what {@link #decode}
   * accepts without a prefix. ({@code Character.digit} would also admit other scripts' digits, such
   * as U+0663, which the decoder then refuses.)
   */
  public static boolean isHex(String s) {
    if (s.isEmpty() || (s.length() & 1) != 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  /** Shortens a long hex value for messages: first 8 and last 4 digits. */
  public static String abbreviate(String hex) {
    return hex.length() <= 16 ? hex : hex.substring(0, 8) + "…" + hex.substring(hex.length() - 4);
  }
}
