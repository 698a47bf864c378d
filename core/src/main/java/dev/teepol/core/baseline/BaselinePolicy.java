package dev.teepol.core.baseline;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The decision without a policy file: ALLOW iff every provider check passed (in every component)
 * and the TCB status is UpToDate. It becomes the built-in policy {@code builtin:strict} once the
 * policy language lands.
 */
public final class BaselinePolicy {
  public static final String TCB_CHECK = "policy.tcb.status";
  static final String UP_TO_DATE = "UpToDate";

  private BaselinePolicy() {}

  public static Verdict evaluate(Appraisal appraisal) {
    List<CheckResult> checks = new ArrayList<>();
    collect("", appraisal, checks);
    return Verdict.of(checks, Map.of());
  }

  private static void collect(String prefix, Appraisal a, List<CheckResult> out) {
    for (CheckResult c : a.checks()) {
      out.add(prefixed(prefix, c));
    }
    // Every appraisal that ran checks of its own is judged on its TCB; a pure container is not.
    if (!a.checks().isEmpty()) {
      out.add(prefixed(prefix, tcbStatus(a)));
    }
    a.components().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> collect(prefix + e.getKey() + ":", e.getValue(), out));
  }

  private static CheckResult prefixed(String prefix, CheckResult c) {
    return prefix.isEmpty() ? c : new CheckResult(prefix + c.id(), c.category(), c.outcome(), c.detail());
  }

  static CheckResult tcbStatus(Appraisal a) {
    String status = a.evidence().platform().tcb().status();
    if (status.isEmpty()) {
      return CheckResult.unevaluable(TCB_CHECK, CheckCategory.POLICY, "TCB status unknown (no collateral, or no TCB level matched)");
    }
    List<String> adv = a.evidence().platform().tcb().advisoryIds();
    String detail = status + (adv.isEmpty() ? "" : " " + adv);
    return CheckResult.of(TCB_CHECK, CheckCategory.POLICY, UP_TO_DATE.equals(status), detail,
        "TCB status is " + detail + "; only UpToDate is allowed without a policy");
  }
}
