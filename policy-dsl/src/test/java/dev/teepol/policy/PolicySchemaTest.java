package dev.teepol.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.policy.compile.Diagnostic;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.model.Vocabulary;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/policy.schema.json honest: the keys it allows per section are exactly the keys the
 * reader allows (learned by feeding the reader an unknown key and reading its "allowed:" list, so
 * nothing in the reader is duplicated here), and its enums are the vocabulary's.
 */
class PolicySchemaTest {
  private static final Pattern ALLOWED = Pattern.compile("\\(allowed: \\[([^]]*)]\\)");
  private static JsonObject schema;

  @BeforeAll
  static void load() throws Exception {
    try (JsonReader r =
        Json.createReader(
            new StringReader(
                Files.readString(
                    Path.of("..", "docs", "policy.schema.json"), StandardCharsets.UTF_8)))) {
      schema = r.readObject();
    }
  }

  static JsonObject def(String name) {
    return schema.getJsonObject("$defs").getJsonObject(name);
  }

  static Set<String> props(JsonObject o) {
    return new TreeSet<>(o.getJsonObject("properties").keySet());
  }

  /** The keys the reader allows where {@code zzz} is placed, from its unknown-key error. */
  static Set<String> readerKeys(String policy) {
    try {
      PolicyCompiler.compile(policy, "probe.yaml");
    } catch (PolicyCompileException e) {
      for (Diagnostic d : e.errors()) {
        Matcher m = ALLOWED.matcher(d.message());
        if (d.message().startsWith("unknown key 'zzz'") && m.find()) {
          return Arrays.stream(m.group(1).split(",\\s*"))
              .collect(Collectors.toCollection(TreeSet::new));
        }
      }
      throw new AssertionError("no unknown-key error for zzz in:\n" + policy + "\n" + e.format());
    }
    throw new AssertionError("reader accepted an unknown key:\n" + policy);
  }

  static String spec(String body) {
    return "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: t}\nspec:\n" + body;
  }

  @Test
  void everySectionAllowsExactlyTheReadersKeys() {
    Map<String, Object[]> sections = new LinkedHashMap<>();
    sections.put(
        "policy",
        new Object[] {
          "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: t}\nspec: {}\nzzz: 1\n",
          schema
        });
    sections.put(
        "metadata",
        new Object[] {
          "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: t, zzz: 1}\nspec: {}\n",
          schema.getJsonObject("properties").getJsonObject("metadata")
        });
    sections.put("spec", new Object[] {spec("  zzz: 1\n"), def("spec")});
    sections.put("substrate", new Object[] {spec("  substrate: {zzz: 1}\n"), def("substrate")});
    sections.put(
        "substrate.gpu",
        new Object[] {
          spec("  substrate: {gpu: {zzz: 1}}\n"),
          def("substrate").getJsonObject("properties").getJsonObject("gpu")
        });
    sections.put(
        "substrate.gpu.count",
        new Object[] {
          spec("  substrate: {gpu: {count: {zzz: 1}}}\n"),
          def("substrate")
              .getJsonObject("properties")
              .getJsonObject("gpu")
              .getJsonObject("properties")
              .getJsonObject("count")
        });
    sections.put("tcb", new Object[] {spec("  tcb: {zzz: 1}\n"), def("tcb")});
    sections.put(
        "tcb.minimum",
        new Object[] {
          spec("  tcb: {minimum: {zzz: 1}}\n"),
          def("tcb").getJsonObject("properties").getJsonObject("minimum")
        });
    sections.put(
        "substrate.snp",
        new Object[] {
          spec("  substrate: {snp: {zzz: 1}}\n"),
          def("substrate").getJsonObject("properties").getJsonObject("snp")
        });
    sections.put(
        "substrate.snp.guestPolicy",
        new Object[] {
          spec("  substrate: {snp: {guestPolicy: {zzz: 1}}}\n"),
          def("substrate")
              .getJsonObject("properties")
              .getJsonObject("snp")
              .getJsonObject("properties")
              .getJsonObject("guestPolicy")
        });
    sections.put(
        "measurements",
        new Object[] {
          spec("  measurements: {zzz: 1, bundles: [{name: b, mrtd: aa}]}\n"), def("measurements")
        });
    sections.put("workload", new Object[] {spec("  workload: {zzz: 1}\n"), def("workload")});
    sections.put("kms", new Object[] {spec("  kms: {zzz: 1, allowedRoots: [aa]}\n"), def("kms")});
    sections.put(
        "signers", new Object[] {spec("  signers: {zzz: 1, allowed: [aa]}\n"), def("signers")});
    sections.put(
        "freshness",
        new Object[] {spec("  freshness: {zzz: 1, requireNonce: true}\n"), def("freshness")});
    sections.put(
        "rule",
        new Object[] {spec("  rules: [{name: r, expression: 'true', zzz: 1}]\n"), def("rule")});
    sections.forEach(
        (name, probe) -> {
          JsonObject s = (JsonObject) probe[1];
          assertThat(props(s))
              .as(name + ": schema properties vs reader keys")
              .isEqualTo(readerKeys((String) probe[0]));
          // The reader rejects every other key, so the schema must too, or editors would accept
          // typos.
          assertThat(s.get("additionalProperties"))
              .as(name + " additionalProperties")
              .isEqualTo(JsonValue.FALSE);
        });
  }

  @Test
  void bundleRegistersAreTheVocabularysWithTheirLengths() {
    JsonObject bundle = def("bundle");
    Set<String> regs = new TreeSet<>(props(bundle));
    regs.remove("name");
    assertThat(regs).isEqualTo(new TreeSet<>(Vocabulary.REGISTERS.keySet()));
    for (String r : regs) {
      int len = Vocabulary.registerLength(r).orElseThrow();
      JsonObject p = bundle.getJsonObject("properties").getJsonObject(r);
      if (len > 0) {
        assertThat(p.getString("pattern")).as(r).isEqualTo("^[0-9a-fA-F]{" + len + "}$");
      } else {
        assertThat(p.containsKey("pattern")).as(r).isFalse();
      }
    }
    // The PCR pattern must accept what the vocabulary accepts and nothing else.
    Pattern pcr =
        Pattern.compile(bundle.getJsonObject("patternProperties").keySet().iterator().next());
    for (String name :
        List.of(
            "pcr0", "pcr23", "sha256:pcr7", "sha1:pcr15", "pcr24", "sha3:pcr1", "pcr", "PCR7")) {
      assertThat(pcr.matcher(name).matches())
          .as(name)
          .isEqualTo(Vocabulary.registerLength(name).isPresent());
    }
    assertThat(bundle.getJsonObject("properties").keySet())
        .allSatisfy(k -> assertThat(pcr.matcher(k).matches()).as(k).isFalse());
  }

  @Test
  void enumsAreTheVocabularys() {
    assertThat(strings(def("tee").getJsonArray("enum")))
        .isEqualTo(List.copyOf(Vocabulary.TEES.keySet()));
    assertThat(
            strings(
                def("tcb")
                    .getJsonObject("properties")
                    .getJsonObject("allow")
                    .getJsonObject("items")
                    .getJsonArray("enum")))
        .isEqualTo(Vocabulary.TCB_STATUSES);
    assertThat(
            strings(
                def("signers")
                    .getJsonObject("properties")
                    .getJsonObject("bindings")
                    .getJsonObject("items")
                    .getJsonArray("enum")))
        .isEqualTo(Vocabulary.BINDINGS);
    assertThat(schema.getJsonObject("properties").getJsonObject("apiVersion").getString("const"))
        .isEqualTo("teepol.dev/v1");
    assertThat(schema.getJsonObject("properties").getJsonObject("kind").getString("const"))
        .isEqualTo("TrustPolicy");
  }

  private static List<String> strings(jakarta.json.JsonArray a) {
    return a.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }
}
