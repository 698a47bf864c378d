package dev.teepol.core.verdict;

/** The result of one check. Anything that is not {@link Pass} denies. */
public sealed interface Outcome permits Outcome.Pass, Outcome.Fail, Outcome.Unevaluable {

  /** Stable upper-case name used in text and JSON output. */
  String label();

  /** Why the check did not pass; empty for {@link Pass}. */
  String reason();

  default boolean passed() {
    return this instanceof Pass;
  }

  Pass PASS = new Pass();

  static Outcome fail(String reason) {
    return new Fail(reason);
  }

  static Outcome unevaluable(String reason) {
    return new Unevaluable(reason);
  }

  record Pass() implements Outcome {
    @Override
    public String label() {
      return "PASS";
    }

    @Override
    public String reason() {
      return "";
    }
  }

  /** The evidence contradicts the check. */
  record Fail(String reason) implements Outcome {
    @Override
    public String label() {
      return "FAIL";
    }
  }

  /** The check could not be decided (missing collateral, unsupported format, runtime error). */
  record Unevaluable(String reason) implements Outcome {
    @Override
    public String label() {
      return "UNEVALUABLE";
    }
  }
}
