package dev.teepol.core.baseline;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The provider-level mirror of {@code builtin:strict}, for code that has no policy-dsl on its
 * class path (provider tests): the CLI decides with the built-in policy itself, and the corpus
 * conformance test asserts the two agree. The decision: ALLOW iff every provider check
 * passed (in every component), the TCB status is UpToDate with no advisories, the TEE is not in debug mode (a debuggable TD or enclave has no
 * confidentiality, whatever its signatures say), a TD sets SEPT_VE_DISABLE and a TD 1.5 names no service TD (MRSERVICETD zero).
 */
public final class BaselinePolicy {
  public static final String TCB_CHECK = "policy.tcb.status";
  public static final String DEBUG_CHECK = "policy.platform.not_debug";
  public static final String ADVISORIES_CHECK = "policy.tcb.advisories";
  public static final String TD_ATTRIBUTES_CHECK = "policy.platform.td_attributes";
  public static final String SERVICE_TD_CHECK = "policy.platform.mr_servicetd";
  /** An all-zero MRSERVICETD: the TD is bound to no service TD. */
  public static final String NO_SERVICE_TD = "0".repeat(96);
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
    // Every appraisal that ran checks of its own is judged on its TCB; a container is not: its
    // evidence mirrors its primary component, which is judged as a component already.
    if (!a.checks().isEmpty() && a.components().isEmpty()) {
      out.add(prefixed(prefix, tcbStatus(a)));
      out.add(prefixed(prefix, noAdvisories(a)));
      out.add(prefixed(prefix, notDebug(a)));
      out.add(prefixed(prefix, septVeDisabled(a)));
      out.add(prefixed(prefix, noServiceTd(a)));
    }
    a.components().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> collect(prefix + e.getKey() + ":", e.getValue(), out));
  }

  private static CheckResult prefixed(String prefix, CheckResult c) {
    return prefix.isEmpty() ? c : c.withId(prefix + c.id());
  }

  static CheckResult noAdvisories(Appraisal a) {
    List<String> adv = a.evidence().platform().tcb().advisoryIds();
    return CheckResult.of(ADVISORIES_CHECK, CheckCategory.POLICY, adv.isEmpty(), "no advisories", "advisories not allowed: " + adv);
  }

  static CheckResult notDebug(Appraisal a) {
    boolean debug = a.evidence().platform().debug();
    return CheckResult.of(DEBUG_CHECK, CheckCategory.POLICY, !debug, "not a debug " + a.evidence().platform().tee(),
        "the " + a.evidence().platform().tee() + " runs in debug mode: its memory is readable by the host");
  }

  /** A TD must run with SEPT_VE_DISABLE (TD_ATTRIBUTES bit 28), as dcap-qvl requires; evidence that is not a TD passes. */
  static CheckResult septVeDisabled(Appraisal a) {
    boolean td = a.evidence().platform().tee().equals("tdx");
    return CheckResult.of(TD_ATTRIBUTES_CHECK, CheckCategory.POLICY, !td || a.evidence().platform().tdAttributes().septVeDisable(),
        td ? "SEPT_VE_DISABLE set" : "not a TD",
        "the TD runs without SEPT_VE_DISABLE (TD_ATTRIBUTES bit 28): the host can inject #VE on secure EPT violations");
  }

  /** A TD 1.5 report naming a service TD (MRSERVICETD not zero) is bound to a TD nobody pinned. */
  static CheckResult noServiceTd(Appraisal a) {
    String v = a.evidence().measurements().getOrDefault("mr_servicetd", NO_SERVICE_TD);
    return CheckResult.of(SERVICE_TD_CHECK, CheckCategory.POLICY, v.equals(NO_SERVICE_TD), "no service TD",
        "MRSERVICETD is " + v + ": the TD is bound to a service TD that no policy pins");
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
