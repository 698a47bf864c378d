package dev.teepol.policy.compile;

import dev.teepol.policy.yaml.SourcePos;
import dev.teepol.policy.yaml.YamlNode;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A policy check before compilation: CEL for when it can be judged ({@code precondition}) and for
 * whether it holds ({@code condition}), and how to explain a failure. Typed sections generate
 * these; {@code rules} are written by users and keep their YAML scalar so CEL errors map back to
 * the file.
 *
 * @param reason builds the failure reason from the evidence values (typed sections name the closest
 *     bundle, the claimed vs actual TEE, ...)
 */
record CheckSpec(
    String id,
    SourcePos pos,
    Optional<String> precondition,
    String preconditionReason,
    String condition,
    Optional<YamlNode.Scalar> userExpression,
    Function<Map<String, Object>, String> reason,
    String passDetail) {}
