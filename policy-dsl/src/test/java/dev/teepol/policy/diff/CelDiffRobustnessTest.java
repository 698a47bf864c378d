package dev.teepol.policy.diff;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Any two strings: the CEL diff decides something or says it cannot, and never throws. */
class CelDiffRobustnessTest {
  @Property(tries = 500)
  void neverThrowsAndNeverGuessesEqualForDifferentText(
      @ForAll @StringLength(max = 80) String a, @ForAll @StringLength(max = 80) String b) {
    CelDiff.Verdict v = CelDiff.compare(a, b);
    assertThat(v.effect()).isNotNull();
    if (v.effect() == Effect.EQUAL) {
      // EQUAL only ever comes from parsed CEL that normalizes to the same condition.
      assertThat(CelDiff.parse(a)).isPresent();
      assertThat(CelDiff.parse(b)).isPresent();
    }
  }

  @Property(tries = 300)
  void aThresholdMovesTheWayItsLiteralMoves(
      @ForAll @IntRange(min = 0) int x, @ForAll @IntRange(min = 0) int y) {
    Effect e =
        CelDiff.compare("size(evidence.gpus) >= " + x, "size(evidence.gpus) >= " + y).effect();
    assertThat(e).isEqualTo(x == y ? Effect.EQUAL : (y < x ? Effect.WIDENS : Effect.NARROWS));
  }
}
