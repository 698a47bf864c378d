package dev.teepol.core.verdict;

import java.util.Objects;

/**
 * One check with a stable dotted id ({@code tdx.quote.signature}), its category, its outcome and a
 * short human detail (expected vs actual, shortened).
 */
public record CheckResult(String id, CheckCategory category, Outcome outcome, String detail) {

  public CheckResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? "" : detail;
  }

  public static CheckResult pass(String id, CheckCategory category, String detail) {
    return new CheckResult(id, category, Outcome.PASS, detail);
  }

  public static CheckResult fail(String id, CheckCategory category, String reason) {
    return new CheckResult(id, category, Outcome.fail(reason), "");
  }

  public static CheckResult unevaluable(String id, CheckCategory category, String reason) {
    return new CheckResult(id, category, Outcome.unevaluable(reason), "");
  }

  public static CheckResult of(String id, CheckCategory category, boolean ok, String passDetail, String failReason) {
    return ok ? pass(id, category, passDetail) : fail(id, category, failReason);
  }

  public boolean passed() {
    return outcome.passed();
  }

  /** The reason when not passed, else the detail: what a person wants to read next to the id. */
  public String explanation() {
    return outcome.passed() ? detail : outcome.reason();
  }
}
