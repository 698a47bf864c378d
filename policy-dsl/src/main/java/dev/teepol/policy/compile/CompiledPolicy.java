package dev.teepol.policy.compile;

import dev.teepol.policy.model.Policy;
import java.util.List;

/**
 * An immutable, thread-safe compiled policy: evaluation does no parsing and no compiling.
 *
 * @param contentHash SHA-256 (hex) of the policy text, the key it is cached under
 * @param warnings lint findings that do not stop compilation
 */
public record CompiledPolicy(
    Policy policy,
    String contentHash,
    List<CompiledCheck> checks,
    List<CompiledOutput> outputs,
    List<Diagnostic> warnings) {
  public CompiledPolicy {
    checks = List.copyOf(checks);
    outputs = List.copyOf(outputs);
    warnings = List.copyOf(warnings);
  }

  public String name() {
    return policy.metadata().name();
  }
}
