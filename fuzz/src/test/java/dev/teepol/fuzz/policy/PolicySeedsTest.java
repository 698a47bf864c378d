package dev.teepol.fuzz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.fuzz.Sim;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.test.SuiteReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The policy and suite seeds are today's example policies: each {@code seed-example-*} is
 * byte-identical to its file in {@code examples/policies} (else run {@code benchmarks/fuzz.sh
 * seeds}), every policy seed compiles without an error, and every suite seed parses where it lives.
 * A stale or broken seed would start the fuzzer from a refused document.
 */
class PolicySeedsTest {
  private static final Path RESOURCES = Path.of("src/test/resources/dev/teepol/fuzz/policy");
  private static final Path POLICIES = Sim.EXAMPLES.resolve("policies");

  @Test
  void policySeedsAreTheExamplesAndCompile() throws Exception {
    List<Path> seeds = seeds("PolicyYamlFuzzTestInputs/compile");
    assertThat(seeds).hasSizeGreaterThan(2);
    for (Path s : seeds) {
      String name = s.getFileName().toString();
      if (name.startsWith("seed-example-")) {
        sameAsExample(s, name.substring("seed-example-".length()) + ".yaml");
      }
      PolicyCompiler.compile(Files.readString(s, StandardCharsets.UTF_8), name);
    }
    try (Stream<Path> s = Files.list(POLICIES)) {
      long examples =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml") && !n.endsWith(".tests.yaml"))
              .count();
      assertThat(seeds.stream().filter(p -> p.getFileName().toString().startsWith("seed-example-")))
          .as("one seed per example policy")
          .hasSize((int) examples);
    }
  }

  @Test
  void suiteSeedsAreTheExamplesAndParse() throws Exception {
    List<Path> seeds = seeds("SuiteYamlFuzzTestInputs/parse");
    assertThat(seeds).isNotEmpty();
    for (Path s : seeds) {
      String file = s.getFileName().toString().substring("seed-example-".length()) + ".tests.yaml";
      sameAsExample(s, file);
      SuiteReader.parse(Files.readString(s, StandardCharsets.UTF_8), POLICIES.resolve(file));
    }
  }

  private static void sameAsExample(Path seed, String example) throws IOException {
    assertThat(Files.readAllBytes(seed))
        .as(seed.getFileName() + " is stale: run benchmarks/fuzz.sh seeds")
        .isEqualTo(Files.readAllBytes(POLICIES.resolve(example)));
  }

  private static List<Path> seeds(String dir) throws IOException {
    try (Stream<Path> s = Files.list(RESOURCES.resolve(dir))) {
      return s.filter(p -> p.getFileName().toString().startsWith("seed-")).sorted().toList();
    }
  }
}
