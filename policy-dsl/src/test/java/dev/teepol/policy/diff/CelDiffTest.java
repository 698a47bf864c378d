package dev.teepol.policy.diff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the diff can decide about free CEL, and that it says "cannot decide" otherwise. */
class CelDiffTest {
  @ParameterizedTest(name = "{0}  →  {1}: {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "evidence.nonce.matches ; evidence.nonce.matches ; EQUAL",
        "evidence.nonce.matches;(evidence.nonce.matches) ; EQUAL",
        "a.b in ['x', 'y'] ; a.b in [\"y\", \"x\"] ; EQUAL",
        "x && y ; y && x ; EQUAL",
        "x ; x && y ; NARROWS",
        "x && y ; x ; WIDENS",
        "x && y && z ; x && z ; WIDENS",
        "x || y ; x ; NARROWS",
        "x ; x || y ; WIDENS",
        "a in ['x'] ; a in ['x', 'y'] ; WIDENS",
        "a in ['x', 'y'] ; a in ['y'] ; NARROWS",
        "a in ['x', 'y'] ; a in ['y', 'z'] ; CHANGES",
        "n >= 2 ; n >= 1 ; WIDENS",
        "n >= 2 ; n >= 3 ; NARROWS",
        "n > 1 ; n >= 1 ; WIDENS",
        "n >= 1 ; n > 1 ; NARROWS",
        "n <= 5 ; n <= 7 ; WIDENS",
        "n < 5 ; n <= 5 ; WIDENS",
        "2 <= n ; 1 <= n ; WIDENS",
        "n == 'a' ; n == 'b' ; CHANGES",
        "x && n >= 2 ; x && n >= 1 ; WIDENS",
        "x && n >= 2 ; x && n >= 3 ; NARROWS",
        "!(a in ['x']) ; !(a in ['x', 'y']) ; NARROWS",
        "n >= 2 ; n <= 2 ; UNDECIDED",
        "x ; y ; UNDECIDED",
        "x && y ; x && z ; UNDECIDED",
        "f(x) ; g(x) ; UNDECIDED",
        "this is not cel ( ; x ; UNDECIDED"
      })
  void decides(String before, String after, Effect expected) {
    assertThat(CelDiff.compare(before.strip(), after.strip()).effect()).isEqualTo(expected);
  }
}
