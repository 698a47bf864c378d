package dev.teepol.fuzz.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.fuzz.Typed;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import java.nio.charset.StandardCharsets;

/**
 * A policy file: the bounded YAML reader, the policy model (typed sections, rules, outputs),
 * desugaring and CEL type-checking. Every refusal is a PolicyCompileException with diagnostics.
 */
class PolicyYamlFuzzTest {
  @FuzzTest
  void compile(byte[] yaml) {
    String text = new String(yaml, StandardCharsets.UTF_8);
    Typed.parse(
        yaml.length,
        () -> {
          try {
            return PolicyCompiler.compile(text, "fuzz.yaml");
          } catch (PolicyCompileException e) {
            if (e.diagnostics().isEmpty()) {
              throw new AssertionError("policy refused without a diagnostic", e);
            }
            throw e;
          }
        },
        PolicyCompileException.class);
  }
}
