package dev.teepol.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Diagnostic;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of examples/policies: every policy compiles with only the lint findings expected of it
 * and has a suite with ALLOW and DENY cases, each DENY naming its failing checks. The suites
 * themselves are run by the real runner ({@code teepol test}) in the cli module's tests.
 */
class ExamplePoliciesTest {
  static final Path DIR = Path.of("..", "examples", "policies");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Lint findings each example is expected to carry; anything else is a regression. */
  private static final Map<String, List<String>> EXPECTED_WARNINGS =
      Map.of(
          "blindference-tiers.yaml",
          List.of(
              "the policy accepts the mock attester",
              "allowPublishedMockKeys [weloveblindference] accepts mock answers anyone can compute"));

  static List<Path> suites() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tests.yaml")).sorted().toList();
    }
  }

  static List<Path> policies() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(
              p ->
                  p.getFileName().toString().endsWith(".yaml")
                      && !p.getFileName().toString().endsWith(".tests.yaml"))
          .sorted()
          .toList();
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> read(Path p) throws IOException {
    return YAML.readValue(Files.readString(p, StandardCharsets.UTF_8), Map.class);
  }

  static Path policyOf(Path suite, Map<String, Object> doc) {
    String name = suite.getFileName().toString().replace(".tests.yaml", ".yaml");
    return suite.resolveSibling((String) doc.getOrDefault("policy", name));
  }

  static CompiledPolicy compile(Path p) throws IOException, PolicyCompileException {
    return PolicyCompiler.compile(Files.readString(p, StandardCharsets.UTF_8), p.toString());
  }

  @Test
  void everyPolicyHasASuiteWithAllowAndDenyCasesAndEveryDenyNamesItsFailures() throws Exception {
    assertThat(policies())
        .extracting(p -> p.getFileName().toString())
        .contains(
            "near-ai-qwen.yaml",
            "tinfoil-enclave.yaml",
            "dstack-app.yaml",
            "eigencompute-app.yaml",
            "blindference-tiers.yaml",
            "darkbloom-coordinator.yaml");
    for (Path policy : policies()) {
      Path suite =
          policy.resolveSibling(policy.getFileName().toString().replace(".yaml", ".tests.yaml"));
      assertThat(suite).as("suite for " + policy).exists();
      List<Map<String, Object>> cases = cases(read(suite));
      Set<String> decisions =
          cases.stream()
              .map(c -> String.valueOf(expect(c).get("decision")))
              .collect(Collectors.toSet());
      assertThat(decisions).as(suite.toString()).containsExactlyInAnyOrder("ALLOW", "DENY");
      // A DENY without the failing set would pass for any reason, including the wrong one.
      assertThat(cases)
          .filteredOn(c -> "DENY".equals(expect(c).get("decision")))
          .as(suite + ": DENY cases without 'failing'")
          .allMatch(c -> expect(c).get("failing") instanceof List<?> l && !l.isEmpty());
    }
  }

  @Test
  void examplesCompileAndLintOnlyWhereExpected() throws Exception {
    for (Path p : policies()) {
      CompiledPolicy c = compile(p);
      List<String> expected = EXPECTED_WARNINGS.getOrDefault(p.getFileName().toString(), List.of());
      List<String> got = c.warnings().stream().map(Diagnostic::message).toList();
      assertThat(got).as(p + " warnings").hasSize(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertThat(got.get(i)).as(p.toString()).contains(expected.get(i));
      }
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> cases(Map<String, Object> doc) {
    return (List<Map<String, Object>>) doc.get("cases");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> expect(Map<String, Object> c) {
    return (Map<String, Object>) c.get("expect");
  }
}
