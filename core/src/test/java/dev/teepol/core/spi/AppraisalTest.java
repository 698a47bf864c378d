package dev.teepol.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppraisalTest {
  private static final Evidence E = Evidence.empty("x", "s");
  private static final CheckResult SIG = CheckResult.pass("x.sig", CheckCategory.SIGNATURE, "ok");

  private static Appraisal of(CheckResult... checks) {
    return new Appraisal(E, List.of(checks));
  }

  @Test
  void genuineNeedsAPassingSignature() {
    assertThat(of(SIG).genuine()).isTrue();
    assertThat(of().genuine()).as("nothing checked is not genuine").isFalse();
    assertThat(of(CheckResult.pass("x.parse", CheckCategory.PARSE, "")).genuine())
        .as("parsed but unsigned")
        .isFalse();
  }

  @Test
  void anySignatureChainOrParseCheckNotPassingMakesItNotGenuine() {
    for (CheckCategory c :
        List.of(CheckCategory.SIGNATURE, CheckCategory.CHAIN, CheckCategory.PARSE)) {
      assertThat(of(SIG, CheckResult.fail("x.c", c, "bad")).genuine()).as(c + " fail").isFalse();
      assertThat(of(SIG, CheckResult.unevaluable("x.c", c, "?")).genuine())
          .as(c + " unevaluable")
          .isFalse();
    }
  }

  @Test
  void failedBindingsAndCollateralMakeItNotGenuineButUnevaluableOnesDoNot() {
    for (CheckCategory c : List.of(CheckCategory.BINDING, CheckCategory.COLLATERAL)) {
      assertThat(of(SIG, CheckResult.fail("x.c", c, "bad")).genuine()).as(c + " fail").isFalse();
      assertThat(of(SIG, CheckResult.unevaluable("x.c", c, "offline")).genuine())
          .as(c + " unevaluable")
          .isTrue();
    }
  }

  @Test
  void tcbAndPolicyOutcomesDoNotBearOnGenuineness() {
    assertThat(of(SIG, CheckResult.fail("x.tcb", CheckCategory.TCB, "OutOfDate")).genuine())
        .isTrue();
    assertThat(of(SIG, CheckResult.fail("p", CheckCategory.POLICY, "no")).genuine()).isTrue();
  }

  @Test
  void aContainerIsGenuineOnlyWhenEveryComponentIs() {
    Appraisal good = of(SIG);
    Appraisal bad = of(SIG, CheckResult.fail("x.sig2", CheckCategory.SIGNATURE, "bad"));
    assertThat(new Appraisal(E, List.of(), Map.of("a", good, "b", good)).genuine()).isTrue();
    assertThat(new Appraisal(E, List.of(), Map.of("a", good, "b", bad)).genuine()).isFalse();
    assertThat(
            new Appraisal(
                    E,
                    List.of(CheckResult.fail("c.structure", CheckCategory.BINDING, "missing")),
                    Map.of("a", good))
                .genuine())
        .as("the container's own failed binding")
        .isFalse();
  }

  @Test
  void unparsableIsOneFailedParseCheck() {
    Appraisal u =
        Appraisal.unparsable("tdx", "q.bin", "tdx.parse", "header at offset 0: truncated");
    assertThat(u.genuine()).isFalse();
    assertThat(u.checks())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.category()).isEqualTo(CheckCategory.PARSE);
              assertThat(c.explanation()).contains("offset 0");
            });
    assertThat(u.check("tdx.parse")).isPresent();
    assertThat(u.check("nope")).isEmpty();
  }

  @Test
  void theHorizonIsTheEarliestOfAllPartsAndUnknownIfAnyPartIsSilent() {
    Instant early = Instant.parse("2025-01-02T00:00:00Z");
    Instant late = Instant.parse("2025-02-01T00:00:00Z");
    assertThat(of(SIG).horizon()).as("a provider that says nothing").isEmpty();
    assertThat(of(SIG).withValidUntil(late).horizon()).contains(late);
    Appraisal composite =
        new Appraisal(
            E,
            List.of(SIG),
            Map.of("a", of(SIG).withValidUntil(early), "b", of(SIG).withValidUntil(late)),
            Optional.of(late));
    assertThat(composite.horizon()).contains(early);
    Appraisal silentPart = new Appraisal(E, List.of(SIG), Map.of("a", of(SIG)), Optional.of(late));
    assertThat(silentPart.horizon()).isEmpty();
    assertThat(of(SIG).withValidUntilOf(composite).horizon()).contains(early);
    assertThat(Appraisal.unparsable("x", "s", "x.parse", "bad").horizon())
        .as("undecodable bytes stay undecodable")
        .contains(Instant.MAX);
  }
}
