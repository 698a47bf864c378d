package dev.teepol.policy.compile;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.policy.model.Policy;
import dev.teepol.policy.schema.EvidenceSchema;
import dev.teepol.policy.yaml.SourcePos;
import dev.teepol.policy.yaml.YamlException;
import dev.teepol.policy.yaml.YamlNode;
import dev.teepol.policy.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * YAML text → {@link CompiledPolicy}: read with positions, check every key and value, desugar typed
 * sections into CEL, type-check every expression against the evidence schema, and report all errors
 * of the file at once as {@code file:line:col}.
 */
public final class PolicyCompiler {
  private static final int MAX_POLICY_BYTES =
      dev.teepol.core.limits.Limits.DEFAULT.maxPolicyBytes();
  private static final Pattern UNDEFINED_FIELD = Pattern.compile("undefined field '([^']+)'");
  private static final Pattern UNDECLARED = Pattern.compile("undeclared reference to '([^']+)'");

  private PolicyCompiler() {}

  public static CompiledPolicy compile(String text, String file) throws PolicyCompileException {
    if (text.length() > MAX_POLICY_BYTES) {
      throw new PolicyCompileException(
          List.of(
              Diagnostic.error(
                  SourcePos.unknown(file),
                  "policy is "
                      + text.length()
                      + " characters, over the limit of "
                      + MAX_POLICY_BYTES)),
          text);
    }
    // No cache here: whoever keeps a compiled policy owns it (a TeepolVerifier keeps its own), so
    // nothing is shared JVM-wide between callers that never meant to share.
    String key = Hex.of(Digests.sha256((file + "\0" + text).getBytes(StandardCharsets.UTF_8)));
    return compileUncached(text, file, key);
  }

  /**
   * The checks {@code policy}'s typed sections and rules generate, as CEL source, in the order the
   * compiler runs them. Pure: the same policy always gives the same checks.
   */
  public static List<GeneratedCheck> generatedChecks(Policy policy) {
    return Desugar.checks(policy).stream()
        .map(s -> new GeneratedCheck(s.id(), s.precondition(), s.condition()))
        .toList();
  }

  private static CompiledPolicy compileUncached(String text, String file, String key)
      throws PolicyCompileException {
    Diagnostics d = new Diagnostics();
    Optional<Policy> policy;
    try {
      policy = read(text, file, d);
    } catch (YamlException e) {
      throw new PolicyCompileException(List.of(Diagnostic.error(e.pos(), e.getMessage())), text);
    }
    if (policy.isEmpty()) {
      throw new PolicyCompileException(d.all(), text);
    }
    // Go on to the expressions even after errors above, so one run reports everything.
    List<CompiledCheck> checks = new ArrayList<>();
    java.util.Map<String, NativeCheck> natives = NativeChecks.of(policy.get());
    for (CheckSpec s : Desugar.checks(policy.get())) {
      // Typed sections are judged natively (their CEL stays the reference); rules are CEL.
      Optional<NativeCheck> nativeCheck =
          s.userExpression().isPresent()
              ? Optional.empty()
              : Optional.ofNullable(natives.get(s.id()));
      Optional<Program> pre =
          s.precondition().flatMap(p -> program(p, s.pos(), Optional.empty(), true, d));
      Optional<Program> cond = program(s.condition(), s.pos(), s.userExpression(), true, d);
      cond.ifPresent(
          c ->
              checks.add(
                  new CompiledCheck(
                      s.id(),
                      s.pos(),
                      pre,
                      s.preconditionReason(),
                      c,
                      s.reason(),
                      s.passDetail(),
                      nativeCheck)));
    }
    List<CompiledOutput> outputs = new ArrayList<>();
    for (Policy.Output o : policy.get().spec().outputs()) {
      program(o.expression().text(), o.pos(), Optional.of(o.expression()), false, d)
          .ifPresent(p -> outputs.add(new CompiledOutput(o.name(), o.pos(), p)));
    }
    Lint.warnings(policy.get()).forEach(d::add);
    if (d.hasErrors()) {
      throw new PolicyCompileException(d.all(), text);
    }
    return new CompiledPolicy(policy.get(), key, checks, outputs, d.all());
  }

  /**
   * The front half of {@link #compile}, before any CEL: the bounded YAML reader and the policy
   * model, its errors added to {@code d}; empty when the document is no policy at all.
   */
  static Optional<Policy> read(String text, String file, Diagnostics d) throws YamlException {
    YamlNode root = YamlReader.read(text, file);
    return PolicyReader.read(root, file, text, d);
  }

  private static Optional<Program> program(
      String expr,
      SourcePos at,
      Optional<YamlNode.Scalar> user,
      boolean mustBeBool,
      Diagnostics d) {
    CelValidationResult r = PolicyEnvironment.cel().compile(expr);
    if (r.hasError()) {
      for (CelIssue issue : r.getErrors()) {
        SourcePos pos =
            user.map(
                    u ->
                        map(
                            u,
                            issue.getSourceLocation().getLine(),
                            issue.getSourceLocation().getColumn()))
                .orElse(at);
        d.add(suggest(Diagnostic.error(pos, issue.getMessage()), issue.getMessage()));
        if (user.isEmpty()) {
          d.add(Diagnostic.error(at, "internal: generated expression does not compile: " + expr));
        }
      }
      return Optional.empty();
    }
    try {
      CelAbstractSyntaxTree ast = r.getAst();
      if (mustBeBool
          && !ast.getResultType().equals(SimpleType.BOOL)
          && !ast.getResultType().equals(SimpleType.DYN)) {
        d.add(
            Diagnostic.error(
                user.map(u -> map(u, 1, 0)).orElse(at),
                "expression must be a bool, it is " + ast.getResultType().name()));
        return Optional.empty();
      }
      return Optional.of(PolicyEnvironment.cel().createProgram(ast));
    } catch (dev.cel.common.CelValidationException | CelEvaluationException e) {
      d.add(Diagnostic.error(at, e.getMessage()));
      return Optional.empty();
    }
  }

  private static Diagnostic suggest(Diagnostic diag, String message) {
    Matcher f = UNDEFINED_FIELD.matcher(message);
    if (f.find()) {
      return diag.withSuggestion(Suggest.closest(f.group(1), EvidenceSchema.get().allFieldNames()));
    }
    Matcher u = UNDECLARED.matcher(message);
    if (u.find()) {
      return diag.withSuggestion(Suggest.closest(u.group(1), PolicyEnvironment.VARIABLES));
    }
    return diag;
  }

  /** A 1-based CEL line and 0-based column inside a YAML scalar → the file position. */
  static SourcePos map(YamlNode.Scalar s, int celLine, int celColumn) {
    int line = Math.max(celLine, 1);
    if (s.block()) {
      return new SourcePos(
          s.pos().file(), s.contentLine() + line - 1, s.contentColumn() + celColumn);
    }
    if (line == 1) {
      return new SourcePos(s.pos().file(), s.contentLine(), s.contentColumn() + celColumn);
    }
    return new SourcePos(s.pos().file(), s.contentLine() + line - 1, celColumn + 1);
  }
}
