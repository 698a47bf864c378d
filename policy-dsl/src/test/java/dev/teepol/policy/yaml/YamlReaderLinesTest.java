package dev.teepol.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link YamlReader#lines} is {@code text.split("\r?\n", -1)}, without the regex. */
class YamlReaderLinesTest {
  @Test
  void splitsLikeTheRegex() {
    for (String s :
        List.of(
            "",
            "\n",
            "\r",
            "\r\n",
            "\n\r\n",
            "\r\r\n",
            "a",
            "a\n",
            "a\r\nb",
            "a\rb",
            "a\n\nb\r\n",
            "\r\n\r\n",
            "x\r\r",
            "\n\n\r")) {
      assertThat(YamlReader.lines(s))
          .as("%s", s.replace("\r", "\\r").replace("\n", "\\n"))
          .containsExactly(s.split("\r?\n", -1));
    }
    Random r = new Random(7);
    char[] alphabet = {'a', ' ', '\r', '\n', 'b'};
    for (int n = 0; n < 10_000; n++) {
      char[] c = new char[r.nextInt(12)];
      for (int i = 0; i < c.length; i++) {
        c[i] = alphabet[r.nextInt(alphabet.length)];
      }
      String s = new String(c);
      assertThat(YamlReader.lines(s)).containsExactly(s.split("\r?\n", -1));
    }
  }
}
