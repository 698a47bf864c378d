package dev.teepol.verifier.review;

import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.eval.PolicyEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges fixtures with two versions of a policy and lists every decision that flips, with the
 * checks that explain it. Both verdicts come from one appraisal through the one {@link
 * PolicyEngine}, so a flip is the policy change and nothing else.
 */
public final class VerdictReplay {
  private VerdictReplay() {}

  public static ReplayReport replay(
      CompiledPolicy before,
      CompiledPolicy after,
      List<ReplayFixture> fixtures,
      List<String> skipped) {
    List<VerdictFlip> flips = new ArrayList<>();
    for (ReplayFixture f : fixtures) {
      Verdict x = PolicyEngine.evaluate(before, f.appraisal(), f.at());
      Verdict y = PolicyEngine.evaluate(after, f.appraisal(), f.at());
      if (x.decision() != y.decision()) {
        flips.add(new VerdictFlip(f.name(), x.decision(), y.decision(), explain(x, y)));
      }
    }
    return new ReplayReport(fixtures.size(), flips, skipped);
  }

  /** Every check whose outcome differs, in the order the new version reports them. */
  static List<VerdictFlip.CheckChange> explain(Verdict x, Verdict y) {
    Map<String, CheckResult> before = byId(x);
    Map<String, CheckResult> after = byId(y);
    Set<String> ids = new LinkedHashSet<>(after.keySet());
    ids.addAll(before.keySet());
    List<VerdictFlip.CheckChange> out = new ArrayList<>();
    for (String id : ids) {
      CheckResult b = before.get(id);
      CheckResult a = after.get(id);
      String lb = label(b);
      String la = label(a);
      if (lb.equals(la)) {
        continue;
      }
      String reason =
          a != null && !a.passed()
              ? a.outcome().reason()
              : b != null && !b.passed() ? b.outcome().reason() : "";
      out.add(new VerdictFlip.CheckChange(id, lb, la, reason));
    }
    return out;
  }

  private static Map<String, CheckResult> byId(Verdict v) {
    Map<String, CheckResult> m = new LinkedHashMap<>();
    v.checks().forEach(c -> m.putIfAbsent(c.id(), c));
    return m;
  }

  private static String label(CheckResult c) {
    return c == null ? "absent" : c.outcome().label();
  }
}
