package dev.teepol.core.verdict;

import java.util.Objects;

/**
 * One check with a stable dotted id ({@code tdx.quote.signature}), its category, its outcome, a
 * short human detail (expected vs actual, shortened) and, for checks a policy produced, the {@code
 * file:line:col} of the policy text it came from (empty for provider checks).
 */
public record CheckResult(
    String id, CheckCategory category, Outcome outcome, String detail, String source) {

  public CheckResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? "" : detail;
    source = source == null ? "" : source;
  }

  public CheckResult(String id, CheckCategory category, Outcome outcome, String detail) {
    this(id, category, outcome, detail, "");
  }

  /** The same check under another id (e.g. prefixed with the component it belongs to). */
  public CheckResult withId(String newId) {
    return new CheckResult(newId, category, outcome, detail, source);
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

  public static CheckResult of(
      String id, CheckCategory category, boolean ok, String passDetail, String failReason) {
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
