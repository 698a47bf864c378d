package dev.teepol.policy.eval;

import com.google.common.collect.ImmutableMap;
import dev.cel.runtime.CelEvaluationException;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.compile.CompiledCheck;
import dev.teepol.policy.compile.CompiledOutput;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Judgement;
import dev.teepol.policy.compile.PolicyEnvironment;
import dev.teepol.policy.schema.EvidenceValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a compiled policy on an appraisal: every provider check (of every component) plus every
 * policy check, each PASS, FAIL or UNEVALUABLE with a reason and, for policy checks, the YAML
 * position it came from; the platform checks run again on each component, as {@code
 * <component>:policy.tcb.status}. A CEL error is UNEVALUABLE, never PASS. ALLOW iff everything
 * passed.
 *
 * <p>Checks generated from typed sections are judged by their native form ({@link
 * dev.teepol.policy.compile.NativeCheck}), which reads the same evidence values and gives the same
 * outcome and reason as their CEL (NativeTypedChecksTest); rules, outputs and the rare input the
 * native form leaves to CEL run on CEL-Java. The evidence values are built once per evaluation.
 */
public final class PolicyEngine {
  private PolicyEngine() {}

  public static Verdict evaluate(CompiledPolicy policy, Appraisal appraisal, Instant now) {
    List<CheckResult> checks = new ArrayList<>();
    providerChecks("", appraisal, checks);
    Map<String, Object> vars = variables(appraisal, now);
    @SuppressWarnings("unchecked")
    Map<String, Object> evidence = (Map<String, Object>) vars.get(PolicyEnvironment.EVIDENCE);
    // Composite evidence whose report-level evidence mirrors one of its components (a NEAR report
    // and its primary node) has its platform checks judged on that component already, under the
    // component's name: judging the mirror again would only print each check twice. Evidence
    // that mirrors no component keeps its own platform checks.
    boolean mirrorsAComponent = false;
    for (Appraisal c : appraisal.components().values()) {
      mirrorsAComponent |= samePlatform(c.evidence(), appraisal.evidence());
    }
    for (CompiledCheck c : policy.checks()) {
      if (!(c.everyComponent() && mirrorsAComponent)) {
        checks.add(run(c, vars, evidence, now));
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> components = (Map<String, Object>) vars.get(PolicyEnvironment.COMPONENTS);
    for (String name :
        components.isEmpty() ? List.<String>of() : new java.util.TreeSet<>(components.keySet())) {
      @SuppressWarnings("unchecked")
      Map<String, Object> component = (Map<String, Object>) components.get(name);
      Map<String, Object> componentVars = variables(component, components, now);
      for (CompiledCheck c : policy.checks()) {
        if (c.everyComponent()) {
          checks.add(run(c, componentVars, component, now).withId(name + ":" + c.id()));
        }
      }
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    for (CompiledOutput o : policy.outputs()) {
      try {
        Object v = OutputValues.plain(o.program().eval(vars));
        if (v != null) {
          outputs.put(o.name(), v);
        }
      } catch (CelEvaluationException | RuntimeException e) {
        checks.add(
            new CheckResult(
                "policy.output." + o.name(),
                CheckCategory.POLICY,
                Outcome.unevaluable(
                    "output '" + o.name() + "' could not be computed: " + message(e)),
                "",
                o.pos().toString()));
      }
    }
    return Verdict.of(checks, outputs);
  }

  /** Everything the per-component (platform and freshness) checks read is the same. */
  private static boolean samePlatform(
      dev.teepol.core.evidence.Evidence a, dev.teepol.core.evidence.Evidence b) {
    return a.platform().equals(b.platform())
        && a.measurements().equals(b.measurements())
        && a.nonce().equals(b.nonce())
        && a.kind().equals(b.kind())
        && a.reportData().equals(b.reportData());
  }

  /** The CEL variables for an appraisal; exposed for tests and the normalized-evidence runner. */
  public static Map<String, Object> variables(Appraisal appraisal, Instant now) {
    Map<String, Object> components = new LinkedHashMap<>();
    appraisal.components().forEach((k, v) -> components.put(k, EvidenceValues.of(v)));
    return variables(EvidenceValues.of(appraisal), components, now);
  }

  /**
   * An immutable Guava map: CEL's {@code Program.eval(Map)} copies any other map into one on every
   * call (a stream and a collector per check), this one it takes as it is.
   */
  static Map<String, Object> variables(
      Map<String, Object> evidence, Map<String, Object> components, Instant now) {
    return ImmutableMap.of(
        PolicyEnvironment.EVIDENCE,
        evidence,
        PolicyEnvironment.COMPONENTS,
        components,
        PolicyEnvironment.NOW,
        now);
  }

  /**
   * A check's result: by its native form when it has one (typed sections), by CEL when it has none
   * (rules) or the native form hands this input to CEL ({@link Judgement#ASK_CEL}).
   */
  static CheckResult run(
      CompiledCheck c, Map<String, Object> vars, Map<String, Object> evidence, Instant now) {
    if (c.nativeCheck().isEmpty()) {
      return runCel(c, vars, evidence);
    }
    return switch (c.nativeCheck().get().judge(evidence, now)) {
      case PASS -> pass(c);
      case FAIL -> fail(c, evidence);
      case PRECONDITION_UNMET -> unmet(c);
      case ASK_CEL -> runCel(c, vars, evidence);
    };
  }

  /** A check's result by its CEL programs alone: the reference the native forms are held to. */
  static CheckResult runCel(
      CompiledCheck c, Map<String, Object> vars, Map<String, Object> evidence) {
    try {
      if (c.precondition().isPresent() && !Boolean.TRUE.equals(c.precondition().get().eval(vars))) {
        return unmet(c);
      }
      Object r = c.condition().eval(vars);
      if (!(r instanceof Boolean b)) {
        return new CheckResult(
            c.id(),
            CheckCategory.POLICY,
            Outcome.unevaluable("expression gave " + r + ", not a bool"),
            "",
            c.source());
      }
      return b ? pass(c) : fail(c, evidence);
    } catch (CelEvaluationException | RuntimeException e) {
      return new CheckResult(
          c.id(),
          CheckCategory.POLICY,
          Outcome.unevaluable("cannot evaluate: " + message(e)),
          "",
          c.source());
    }
  }

  private static CheckResult pass(CompiledCheck c) {
    return new CheckResult(c.id(), CheckCategory.POLICY, Outcome.PASS, c.passDetail(), c.source());
  }

  private static CheckResult fail(CompiledCheck c, Map<String, Object> evidence) {
    return new CheckResult(
        c.id(), CheckCategory.POLICY, Outcome.fail(c.reason().apply(evidence)), "", c.source());
  }

  private static CheckResult unmet(CompiledCheck c) {
    return new CheckResult(
        c.id(), CheckCategory.POLICY, Outcome.unevaluable(c.preconditionReason()), "", c.source());
  }

  private static String message(Exception e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.replace("evaluation error: ", "");
  }

  private static void providerChecks(String prefix, Appraisal a, List<CheckResult> out) {
    for (CheckResult c : a.checks()) {
      out.add(prefix.isEmpty() ? c : c.withId(prefix + c.id()));
    }
    a.components().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> providerChecks(prefix + e.getKey() + ":", e.getValue(), out));
  }
}
