package dev.teepol.providers.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Audit item 9: no string that could be hashed or compared may hold an unpaired surrogate. */
class BoundedJsonTest {
  private static JsonObject parse(String json) throws ParseException {
    return (JsonObject)
        BoundedJson.parse(json.getBytes(StandardCharsets.UTF_8), "$", Limits.DEFAULT);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "lone high                 | {\"a\":\"x\\ud800y\"}                 | $.a",
        "high at the end           | {\"a\":\"x\\ud800\"}                  | $.a",
        "lone low                  | {\"a\":\"\\udc00\"}                   | $.a",
        "pair reversed             | {\"a\":\"\\ude00\\ud83d\"}            | $.a",
        "high before a non-low     | {\"a\":\"\\ud83d\\u0041\"}            | $.a",
        "in a member name          | {\"a\\ud800\":\"x\"}                  | $.a\ud800",
        "deep in arrays            | {\"a\":[{\"b\":[\"ok\",\"\\udfff\"]}]} | $.a[0].b[1]"
      })
  void anUnpairedSurrogateIsAParseErrorNamingTheField(String what, String json, String path) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(ParseException.class)
        .satisfies(e -> assertThat(((ParseException) e).field()).isEqualTo(path))
        .hasMessageContaining("unpaired UTF-16 surrogate");
  }

  @Test
  void pairedSurrogatesAreOrdinaryText() throws ParseException {
    assertThat(parse("{\"a\":\"\\ud83d\\ude00 and \uD83D\uDE00\"}").getString("a"))
        .isEqualTo("\uD83D\uDE00 and \uD83D\uDE00");
  }

  @Test
  void jsonNestedInAStringIsVettedToo() {
    assertThatThrownBy(
            () -> BoundedJson.parse("{\"compose\":\"\\udbff\"}", "$.info.tcb_info", Limits.DEFAULT))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("$.info.tcb_info.compose");
  }
}
