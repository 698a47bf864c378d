package dev.teepol.policy.diff;

/**
 * What a change does to the set of evidence a policy accepts. Every typed section is a set or a
 * threshold, so most changes are decided exactly; {@link #UNDECIDED} is the honest answer for free
 * CEL the diff cannot reason about, and it is never reported as {@link #EQUAL}.
 */
public enum Effect {
  /** The same evidence is accepted before and after (reordered, re-cased, renamed, comments). */
  EQUAL("equal"),
  /** Some evidence accepted before is denied now, and nothing new is accepted. */
  NARROWS("narrows"),
  /** Some evidence is accepted now that was denied before, and nothing accepted is lost. */
  WIDENS("widens"),
  /** Both: some evidence is newly accepted and some newly denied. */
  CHANGES("changes"),
  /** The diff cannot tell; a reviewer must read the change. Treated as widening by the gate. */
  UNDECIDED("cannot decide");

  private final String label;

  Effect(String label) {
    this.label = label;
  }

  /** The word used in reports: {@code widens}, {@code cannot decide}, ... */
  public String label() {
    return label;
  }

  /**
   * Whether evidence may be accepted now that was denied before: what a CI gate asks for an extra
   * approval on. Fails closed: a change the diff cannot decide may widen.
   */
  public boolean mayWiden() {
    return this == WIDENS || this == CHANGES || this == UNDECIDED;
  }

  /** The effect of two changes applied together. */
  public Effect and(Effect other) {
    if (this == other || other == EQUAL) {
      return this;
    }
    if (this == EQUAL) {
      return other;
    }
    if (this == UNDECIDED || other == UNDECIDED) {
      return UNDECIDED;
    }
    return CHANGES;
  }

  /** The effect of a set of accepted values that gained {@code added} and lost {@code removed}. */
  static Effect ofSet(boolean added, boolean removed) {
    return added ? (removed ? CHANGES : WIDENS) : (removed ? NARROWS : EQUAL);
  }
}
