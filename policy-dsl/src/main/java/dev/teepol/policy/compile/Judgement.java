package dev.teepol.policy.compile;

/**
 * What a native typed check says about one evidence: it holds, it does not, its precondition does
 * not hold (UNEVALUABLE with the check's precondition reason), or the input is one on which the CEL
 * form would raise an error (a GUEST_SVN that is not a canonical decimal, an instant outside CEL's
 * timestamp range, a field of the wrong type): then the check's CEL form is run on that input, so
 * the outcome and reason stay CEL's own, error text included.
 */
public enum Judgement {
  PASS,
  FAIL,
  PRECONDITION_UNMET,
  ASK_CEL;

  static Judgement of(boolean holds) {
    return holds ? PASS : FAIL;
  }
}
