package dev.teepol.providers.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.limits.Limits;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The bounded structural scan behind every JSON provider's {@code recognizes}. */
class JsonPrefixTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void topLevelMembersAndTheKindsOfTheirValues() {
    JsonPrefix p =
        JsonPrefix.scan(
            utf8(
                " {\"quote\":\"ab\\\"cd\", \"n\": -1.5e3, \"t\":true, \"o\":{\"quote\":[1,{\"x\":\"}\"}]},"
                    + "\"a\":[[],\"]\"] ,\"z\":null}"),
            Limits.DEFAULT);
    assertThat(p.isObject()).isTrue();
    assertThat(p.member("quote")).contains(JsonPrefix.Kind.STRING);
    assertThat(p.member("n")).contains(JsonPrefix.Kind.NUMBER);
    assertThat(p.member("t")).contains(JsonPrefix.Kind.LITERAL);
    assertThat(p.member("o")).contains(JsonPrefix.Kind.OBJECT);
    assertThat(p.member("a")).contains(JsonPrefix.Kind.ARRAY);
    assertThat(p.has("z")).isTrue();
    assertThat(p.has("x")).as("nested members are not top-level").isFalse();
    assertThat(JsonPrefix.scan(utf8("[1]"), Limits.DEFAULT).isArray()).isTrue();
  }

  @Test
  void membersPastTheWindowAreNotSeenAndNothingPastItIsRead() {
    String head = "{\"quote\":\"" + "a".repeat(JsonPrefix.WINDOW) + "\",\"event_log\":[]}";
    JsonPrefix p = JsonPrefix.scan(utf8(head), Limits.DEFAULT);
    assertThat(p.member("quote"))
        .as("its value starts within the window")
        .contains(JsonPrefix.Kind.STRING);
    assertThat(p.has("event_log")).as("it starts past the window").isFalse();
    // A limit below the window narrows it further.
    Limits tiny = new Limits(16, 64 << 10, 8, 1 << 20, 64, 4096);
    assertThat(JsonPrefix.scan(utf8("{\"a\":1,\"bbbbbbbbbbbb\":2}"), tiny).has("bbbbbbbbbbbb"))
        .isFalse();
  }

  @Test
  void escapedNamesNestingBeyondTheLimitAndNonJsonStopTheScanQuietly() {
    assertThat(JsonPrefix.scan(utf8("{\"q\\u0075ote\":\"x\"}"), Limits.DEFAULT).has("quote"))
        .isFalse();
    Limits shallow = new Limits(32L << 20, 64 << 10, 8, 1 << 20, 3, 4096);
    JsonPrefix deep = JsonPrefix.scan(utf8("{\"a\":[[[[[1]]]]],\"b\":1}"), shallow);
    assertThat(deep.has("a")).isTrue();
    assertThat(deep.has("b")).as("the scan stopped at the nesting bound").isFalse();
    assertThat(JsonPrefix.scan(new byte[] {(byte) 0x1f, (byte) 0x8b, 8}, Limits.DEFAULT).isObject())
        .isFalse();
    assertThat(JsonPrefix.scan(new byte[0], Limits.DEFAULT).isObject()).isFalse();
  }

  @Test
  void tokensAreComparedByteForByteWithWhiteSpaceBetween() {
    assertThat(JsonPrefix.startsWithTokens(utf8(" [ \n[\"JWT\", \"x\"]"), "[", "[", "\"JWT\""))
        .isTrue();
    assertThat(JsonPrefix.startsWithTokens(utf8("[[\"JWS\""), "[", "[", "\"JWT\"")).isFalse();
    assertThat(JsonPrefix.startsWithTokens(utf8("[["), "[", "[", "\"JWT\"")).isFalse();
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars('_', '-')
        .ofMinLength(1)
        .ofMaxLength(20);
  }

  /** For any object that fits the window, the scan sees exactly the parser's members, in order. */
  @Property(tries = 200)
  void theScanAgreesWithTheParser(
      @ForAll @Size(max = 12) List<@net.jqwik.api.From("names") String> names,
      @ForAll @Size(max = 12) List<Integer> kinds) {
    JsonObjectBuilder b = Json.createObjectBuilder();
    List<String> distinct = names.stream().distinct().toList();
    for (int i = 0; i < distinct.size(); i++) {
      int k = i < kinds.size() ? Math.floorMod(kinds.get(i), 5) : 0;
      switch (k) {
        case 0 -> b.add(distinct.get(i), "v\"}]" + i);
        case 1 -> b.add(distinct.get(i), i * -1.5);
        case 2 ->
            b.add(
                distinct.get(i),
                Json.createObjectBuilder().add("in", Json.createArrayBuilder().add("]").add(i)));
        case 3 ->
            b.add(
                distinct.get(i), Json.createArrayBuilder().add(Json.createArrayBuilder()).add("{"));
        default -> b.addNull(distinct.get(i));
      }
    }
    JsonObject o = b.build();
    JsonPrefix p = JsonPrefix.scan(utf8(o.toString()), Limits.DEFAULT);
    List<String> seen = new ArrayList<>();
    for (String n : o.keySet()) {
      if (p.has(n)) {
        seen.add(n);
      }
    }
    assertThat(seen).containsExactlyElementsOf(o.keySet());
  }

  /** Any bytes: the scan returns, without an exception. */
  @Property(tries = 300)
  void anyBytesAreScannedWithoutAnError(@ForAll byte[] bytes) {
    JsonPrefix.scan(bytes, Limits.DEFAULT);
    JsonPrefix.startsWithTokens(bytes, "[", "[", "\"JWT\"");
  }
}
