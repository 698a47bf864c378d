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
 * @param nativeCheck the native form of a check generated from a typed section (empty for rules):
 *     the engine judges with it and runs the CEL programs only where it answers {@link
 *     Judgement#ASK_CEL}
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
    boolean everyComponent,
    Optional<NativeCheck> nativeCheck) {

  CompiledCheck(
      String id,
      SourcePos pos,
      Optional<Program> precondition,
      String preconditionReason,
      Program condition,
      Function<Map<String, Object>, String> reason,
      String passDetail,
      Optional<NativeCheck> nativeCheck) {
    this(
        id,
        pos,
        precondition,
        preconditionReason,
        condition,
        reason,
        passDetail,
        pos.toString(),
        Desugar.EVERY_COMPONENT.contains(id),
        nativeCheck);
  }
}
