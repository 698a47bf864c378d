package dev.teepol.policy.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.model.Policy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guard alone: with every section rule taken away, a change to any key is "cannot decide" (the
 * generated checks differ and nothing explains it), and a change that only re-spells a policy stays
 * EQUAL. So a key whose rule is missing, or a rule that misses part of a change, can never pass as
 * "reformatted".
 */
class CheckGuardTest {
  static Policy compile(String text) {
    try {
      return PolicyCompiler.compile(text, "p.yaml").policy();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static PolicyDiff unguarded(String before, String after) {
    return PolicyDiffer.diff("p.yaml", compile(before), compile(after), List.of());
  }

  static Stream<Arguments> everyKeyChanged() {
    return Stream.concat(
        SnpTpmDiffTest.changes()
            .filter(a -> a.get()[3] != Effect.EQUAL)
            .map(a -> Arguments.of(a.get()[0], SnpTpmDiffTest.BASE, a.get()[1])),
        PolicyDifferTest.classified()
            .filter(a -> !a.get()[0].toString().contains("metadata"))
            .map(a -> Arguments.of(a.get()[0], PolicyDifferTest.BASE, a.get()[1])));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKeyChanged")
  void withoutAnyRuleEveryChangeIsUndecided(String what, String before, String after) {
    PolicyDiff d = unguarded(before, after);
    assertThat(d.effect()).as(what + ": " + d.changes()).isEqualTo(Effect.UNDECIDED);
    assertThat(d.changes()).allMatch(c -> c.summary().contains("no diff rule classified"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.teepol.policy.diff.PolicyDifferTest#equal")
  void respellingsStayEqualWithoutAnyRule(String what, String after) {
    if (what.equals("conjuncts reordered") || what.contains("metadata")) {
      return;
    }
    PolicyDiff d = unguarded(PolicyDifferTest.BASE, after);
    assertThat(d.effect()).as(what + ": " + d.changes()).isEqualTo(Effect.EQUAL);
  }

  @Test
  void anEqualChangeReportedForTheSectionDoesNotExplainADifference() {
    // A rule that wrongly calls a real change EQUAL (as tcb.appliesTo did for a list naming every
    // TEE, before it counted evidence from no TEE as exempt) is overruled: only a non-equal change
    // of the check's sections explains a difference in it.
    String base =
        "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: t}\nspec:\n"
            + "  tcb: {allow: [UpToDate]}\n";
    String after =
        base.replace(
            "allow: [UpToDate]}",
            "allow: [UpToDate], appliesTo: [tdx, sgx, sev-snp, sev, sev-es, tpm, mock]}");
    Diffs out = new Diffs();
    out.add(
        "tcb.appliesTo", Effect.EQUAL, "tcb.appliesTo: the same TEEs are exempt", List.of(), null);
    CheckGuard.check(compile(base), compile(after), out.changes(), out);
    assertThat(out.changes())
        .filteredOn(c -> c.effect() == Effect.UNDECIDED)
        .hasSize(2) // policy.tcb.status and policy.tcb.advisories
        .anySatisfy(
            c -> {
              assertThat(c.key()).isEqualTo("tcb");
              assertThat(c.summary()).startsWith("policy.tcb.status accepts other evidence");
              assertThat(c.details().get(1)).startsWith("after: ");
            });
    // The rule itself now sees the exemption of evidence from no TEE.
    PolicyDiff d = PolicyDiffer.diff("p.yaml", compile(base), compile(after));
    assertThat(d.effect()).as(d.changes().toString()).isEqualTo(Effect.WIDENS);
    assertThat(d.widening().get(0).key()).isEqualTo("tcb.appliesTo");
  }

  @Test
  void normalizationMergesOnlyWhatCelTreatsAlike() {
    CelDiff cel = new CelDiff();
    assertThat(CheckGuard.normalized("a.b && (c || d) && x in ['q', 'p', 'q']", cel))
        .isEqualTo(CheckGuard.normalized("x in ['p', 'q'] && (d || c) && a.b", cel));
    assertThat(CheckGuard.normalized("x == ['p', 'q']", cel))
        .isNotEqualTo(CheckGuard.normalized("x == ['q', 'p']", cel));
    assertThat(CheckGuard.normalized("a && b", cel))
        .isNotEqualTo(CheckGuard.normalized("a || b", cel));
    assertThat(CheckGuard.normalized("evidence.gpus.all(g, g.secboot)", cel))
        .isNotEqualTo(CheckGuard.normalized("evidence.gpus.exists(g, g.secboot)", cel));
    assertThat(CheckGuard.normalized("x >= 2", cel))
        .isNotEqualTo(CheckGuard.normalized("x >= 3", cel));
  }

  @Test
  void everyGeneratedCheckIdIsExplainedBySomeSection() {
    for (var c : PolicyCompiler.generatedChecks(compile(PolicyDifferTest.BASE))) {
      if (!c.id().startsWith("policy.rule.")) {
        assertThat(CheckGuard.sections(c.id())).as(c.id()).isNotEmpty();
      }
    }
    for (var c : PolicyCompiler.generatedChecks(compile(SnpTpmDiffTest.BASE))) {
      assertThat(CheckGuard.sections(c.id())).as(c.id()).isNotEmpty();
    }
  }
}
