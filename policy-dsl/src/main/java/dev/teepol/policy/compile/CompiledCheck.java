package dev.teepol.policy.compile;

import dev.cel.runtime.Program;
import dev.teepol.policy.yaml.SourcePos;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A policy check ready to run: CEL programs built once, shared by every evaluation.
 *
 * @param everyComponent the check is also run on every component of a composite appraisal
 */
public record CompiledCheck(
    String id,
    SourcePos pos,
    Optional<Program> precondition,
    String preconditionReason,
    Program condition,
    Function<Map<String, Object>, String> reason,
    String passDetail,
    String source,
    boolean everyComponent) {

  CompiledCheck(
      String id,
      SourcePos pos,
      Optional<Program> precondition,
      String preconditionReason,
      Program condition,
      Function<Map<String, Object>, String> reason,
      String passDetail) {
    this(
        id,
        pos,
        precondition,
        preconditionReason,
        condition,
        reason,
        passDetail,
        pos.toString(),
        Desugar.EVERY_COMPONENT.contains(id));
  }
}
