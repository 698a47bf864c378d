package dev.teepol.policy.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.policy.compile.Diagnostic;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/policy-tests.schema.json honest: at every level it allows exactly the keys the suite
 * reader allows, learned from the reader's own unknown-key error (nothing duplicated here).
 */
class SuiteSchemaTest {
  private static final Pattern ALLOWED = Pattern.compile("\\(allowed: \\[([^]]*)]\\)");

  static JsonObject schema() throws Exception {
    try (JsonReader r =
        Json.createReader(
            new StringReader(
                Files.readString(
                    Path.of("..", "docs", "policy-tests.schema.json"), StandardCharsets.UTF_8)))) {
      return r.readObject();
    }
  }

  static Set<String> readerKeys(String suite) {
    try {
      SuiteReader.parse(suite, Path.of("probe.tests.yaml"));
    } catch (SuiteException e) {
      for (Diagnostic d : e.diagnostics()) {
        Matcher m = ALLOWED.matcher(d.message());
        if (d.message().startsWith("unknown key 'zzz'") && m.find()) {
          return Arrays.stream(m.group(1).split(",\\s*"))
              .collect(Collectors.toCollection(TreeSet::new));
        }
      }
      throw new AssertionError("no unknown-key error for zzz:\n" + e.format());
    }
    throw new AssertionError("the reader accepted an unknown key");
  }

  @Test
  void everyLevelAllowsExactlyTheReadersKeys() throws Exception {
    JsonObject s = schema();
    JsonObject caseDef = s.getJsonObject("$defs").getJsonObject("case");
    assertThat(readerKeys("zzz: 1\ncases: []\n"))
        .isEqualTo(new TreeSet<>(s.getJsonObject("properties").keySet()));
    assertThat(readerKeys("cases:\n  - {name: a, zzz: 1}\n"))
        .isEqualTo(new TreeSet<>(caseDef.getJsonObject("properties").keySet()));
    assertThat(
            readerKeys(
                "cases:\n  - {name: a, at: 1, evidence: {file: x, zzz: 1}, expect: {decision: ALLOW}}\n"))
        .isEqualTo(
            new TreeSet<>(
                caseDef
                    .getJsonObject("properties")
                    .getJsonObject("evidence")
                    .getJsonObject("properties")
                    .keySet()));
    assertThat(
            readerKeys(
                "cases:\n  - {name: a, at: 1, normalized: {kind: tdx}, expect: {decision: ALLOW, zzz: 1}}\n"))
        .isEqualTo(
            new TreeSet<>(
                caseDef
                    .getJsonObject("properties")
                    .getJsonObject("expect")
                    .getJsonObject("properties")
                    .keySet()));
  }
}
