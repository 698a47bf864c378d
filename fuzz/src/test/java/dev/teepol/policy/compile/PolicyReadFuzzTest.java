package dev.teepol.policy.compile;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.fuzz.Typed;
import dev.teepol.policy.model.Policy;
import dev.teepol.policy.yaml.YamlException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The front half of {@link PolicyCompiler#compile}, everything before CEL: the bounded YAML reader,
 * the policy model (every key known, every value of its shape, with positions), then the desugared
 * checks, the natively judged sections and the lint warnings it feeds the compiler. {@code
 * PolicyYamlFuzzTest} runs the whole compiler, whose CEL parsing and type-checking of every
 * expression (the checker rebuilds CEL's standard environment per expression) makes each input many
 * times slower; this target reaches a million documents for the part a policy author's typo hits
 * first. A refused document has at least one error diagnostic. Lives in the compiler's package
 * because the reader is package-private.
 */
class PolicyReadFuzzTest {
  @FuzzTest
  void read(byte[] yaml) {
    String text = new String(yaml, StandardCharsets.UTF_8);
    Typed.parse(
        yaml.length,
        () -> {
          Diagnostics d = new Diagnostics();
          Optional<Policy> policy = PolicyCompiler.read(text, "fuzz.yaml", d);
          if (policy.isEmpty() && !d.hasErrors()) {
            throw new AssertionError("policy refused without an error diagnostic: " + d.all());
          }
          for (Diagnostic x : d.all()) {
            if (x.message() == null || x.message().isBlank()) {
              throw new AssertionError("diagnostic without a message at " + x.pos());
            }
          }
          policy.ifPresent(
              p -> {
                Desugar.checks(p);
                NativeChecks.of(p);
                Lint.warnings(p);
              });
          return policy;
        },
        YamlException.class);
  }
}
