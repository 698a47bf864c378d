package dev.teepol.providers.mock;

import java.util.Arrays;

/**
 * How a mock key given as text (a file, an environment variable) becomes key bytes: its UTF-8 bytes
 * with trailing line breaks removed, since {@code echo key > file} adds one. An empty key is
 * refused: HMAC would accept it, and it would prove nothing.
 */
public final class MockKeys {
  private MockKeys() {}

  /**
   * @throws IllegalArgumentException when nothing is left
   */
  public static byte[] fromText(byte[] text) {
    int end = text.length;
    while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r')) {
      end--;
    }
    if (end == 0) {
      throw new IllegalArgumentException("the mock key is empty");
    }
    return Arrays.copyOf(text, end);
  }
}
