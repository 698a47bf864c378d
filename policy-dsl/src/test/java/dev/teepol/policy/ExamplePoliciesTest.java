package dev.teepol.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Diagnostic;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.eval.PolicyEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every suite in examples/policies the way {@code teepol test} will: compile the policy,
 * build each case's appraisal (normalized fixture, or raw TDX evidence through the provider),
 * evaluate, and compare decision, the exact set of non-PASS check ids, and outputs.
 */
class ExamplePoliciesTest {
  static final Path DIR = Path.of("..", "examples", "policies");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Lint findings each example is expected to carry; anything else is a regression. */
  private static final Map<String, List<String>> EXPECTED_WARNINGS = Map.of(
      "blindference-tiers.yaml", List.of("the policy accepts the mock attester"));

  static List<Path> suites() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tests.yaml")).sorted().toList();
    }
  }

  static List<Path> policies() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".yaml") && !p.getFileName().toString().endsWith(".tests.yaml")).sorted().toList();
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
    assertThat(policies()).extracting(p -> p.getFileName().toString()).contains("near-ai-qwen.yaml", "tinfoil-enclave.yaml",
        "dstack-app.yaml", "eigencompute-app.yaml", "blindference-tiers.yaml", "darkbloom-coordinator.yaml");
    for (Path policy : policies()) {
      Path suite = policy.resolveSibling(policy.getFileName().toString().replace(".yaml", ".tests.yaml"));
      assertThat(suite).as("suite for " + policy).exists();
      List<Map<String, Object>> cases = cases(read(suite));
      Set<String> decisions = cases.stream().map(c -> String.valueOf(expect(c).get("decision"))).collect(Collectors.toSet());
      assertThat(decisions).as(suite.toString()).containsExactlyInAnyOrder("ALLOW", "DENY");
      // A DENY without the failing set would pass for any reason, including the wrong one.
      assertThat(cases).filteredOn(c -> "DENY".equals(expect(c).get("decision")))
          .as(suite + ": DENY cases without 'failing'").allMatch(c -> expect(c).get("failing") instanceof List<?> l && !l.isEmpty());
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

  @TestFactory
  List<DynamicTest> everyCaseOfEverySuite() throws Exception {
    List<DynamicTest> out = new ArrayList<>();
    for (Path suite : suites()) {
      Map<String, Object> doc = read(suite);
      SuiteFixtures.unknownKeys(doc, List.of("policy", "cases"), suite.toString());
      CompiledPolicy policy = compile(policyOf(suite, doc));
      for (Map<String, Object> c : cases(doc)) {
        String name = suite.getFileName() + ": " + c.get("name");
        out.add(DynamicTest.dynamicTest(name, () -> runCase(policy, suite, c, name)));
      }
    }
    assertThat(out).hasSizeGreaterThanOrEqualTo(30);
    return out;
  }

  @SuppressWarnings("unchecked")
  static void runCase(CompiledPolicy policy, Path suite, Map<String, Object> c, String name) throws Exception {
    SuiteFixtures.unknownKeys(c, List.of("name", "at", "evidence", "normalized", "expect"), name);
    Appraisal a;
    Instant at;
    if (c.get("evidence") != null) {
      Map<String, Object> ev = (Map<String, Object>) c.get("evidence");
      at = Instant.parse(String.valueOf(c.getOrDefault("at", ev.get("at"))));
      a = SuiteFixtures.raw(ev, suite.getParent(), at, name);
    } else {
      assertThat(c).as(name + ": evidence or normalized").containsKey("normalized");
      at = Instant.parse(String.valueOf(c.get("at")));
      a = SuiteFixtures.normalized((Map<String, Object>) c.get("normalized"), name + ".normalized");
    }
    Verdict v = PolicyEngine.evaluate(policy, a, at);
    Map<String, Object> expect = expect(c);
    SuiteFixtures.unknownKeys(expect, List.of("decision", "failing", "outputs"), name + ".expect");
    String report = v.checks().stream().filter(x -> !x.passed()).map(x -> x.id() + " " + x.outcome().label() + ": " + x.outcome().reason())
        .collect(Collectors.joining("\n  ", "\n  ", ""));
    assertThat(v.decision().name()).as(name + report).isEqualTo(expect.get("decision"));
    if (expect.get("failing") != null) {
      Set<String> failing = v.checks().stream().filter(x -> !x.passed()).map(CheckResult::id).collect(Collectors.toCollection(TreeSet::new));
      assertThat(failing).as(name + report).isEqualTo(new TreeSet<>((List<String>) expect.get("failing")));
    }
    if (expect.get("outputs") != null) {
      Map<String, String> want = new TreeMap<>();
      ((Map<String, Object>) expect.get("outputs")).forEach((k, x) -> want.put(k, String.valueOf(x)));
      Map<String, String> got = new TreeMap<>();
      v.outputs().forEach((k, x) -> got.put(k, String.valueOf(x)));
      assertThat(got).as(name).containsAllEntriesOf(want);
    }
  }

  @Test
  void aFixtureTypoIsAnErrorNotAnEmptyField() throws Exception {
    assertThatThrownBy(() -> SuiteFixtures.normalized(read("{kind: tdx, platfrom: {tee: tdx}}"), "case"))
        .hasMessageContaining("unknown key 'platfrom'");
    assertThatThrownBy(() -> SuiteFixtures.normalized(read("{platform: {tcb: {stauts: UpToDate}}}"), "case"))
        .hasMessageContaining("case.platform.tcb: unknown key 'stauts'");
    assertThatThrownBy(() -> SuiteFixtures.normalized(read("{measurements: {mrtd: 0000}}"), "case"))
        .hasMessageContaining("must be a quoted string");
    assertThatThrownBy(() -> SuiteFixtures.normalized(read("{bound: {measurements.mrtd: proven}}"), "case"))
        .hasMessageContaining("unknown binding 'proven'");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(String yaml) throws IOException {
    return YAML.readValue(yaml, Map.class);
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
