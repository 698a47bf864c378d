package dev.teepol.policy;

import static dev.teepol.policy.PolicyCompilerTest.compile;
import static dev.teepol.policy.PolicyCompilerTest.errors;
import static dev.teepol.policy.PolicyCompilerTest.eval;
import static dev.teepol.policy.PolicyCompilerTest.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.TdAttributes;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Diagnostic;
import dev.teepol.policy.compile.Policies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Audit item 10, the policy side: every policy (builtin:strict included) requires a TD to run with
 * SEPT_VE_DISABLE unless it allows the absence by name, and requires a TD 1.5 MRSERVICETD to be
 * zero unless a measurement bundle pins it.
 */
class TdAttributesPolicyTest {
  static final String SERVICE_TD = "5a".repeat(48);
  static final String ZERO = "0".repeat(96);

  private static Appraisal td(TdAttributes attributes, Map<String, String> extra) {
    return new Appraisal(
        Fixtures.with(
            Fixtures.evidence("tdx", "UpToDate", List.of(), Binding.HARDWARE, false),
            attributes,
            extra),
        List.of(
            CheckResult.pass(
                "tdx.quote.signature", dev.teepol.core.verdict.CheckCategory.SIGNATURE, "ok")));
  }

  @Test
  void builtinStrictDeniesATdWithoutSeptVeDisable() {
    Verdict v = eval(Policies.strict(), td(TdAttributes.NONE, Map.of()));
    assertThat(v.decision()).isEqualTo(Decision.DENY);
    assertThat(outcome(v, "policy.platform.td_attributes").reason()).contains("SEPT_VE_DISABLE");
    assertThat(eval(Policies.strict(), td(Fixtures.PRODUCTION_TD, Map.of())).decision())
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void aPolicyMayAllowTheAbsenceOfSeptVeDisableByName() throws Exception {
    CompiledPolicy p =
        compile("  substrate: {tee: [tdx], allowMissingTdAttributes: [SEPT_VE_DISABLE]}\n");
    Verdict v = eval(p, td(TdAttributes.NONE, Map.of()));
    assertThat(v.decision()).isEqualTo(Decision.ALLOW);
    assertThat(v.checks())
        .extracting(CheckResult::id)
        .doesNotContain("policy.platform.td_attributes");
  }

  @Test
  void onlyNamedTdAttributesCanBeAllowedMissing() {
    Diagnostic d =
        errors("  substrate: {allowMissingTdAttributes: [SEPT_VE_DISABLED]}\n").errors().get(0);
    assertThat(d.message()).contains("SEPT_VE_DISABLED");
    assertThat(d.suggestion()).isEqualTo("SEPT_VE_DISABLE");
    assertThat(errors("  substrate: {allowMissingTdAttributes: []}\n").errors().get(0).message())
        .contains("empty");
  }

  @Test
  void evidenceThatIsNotATdIsNotJudgedOnTdAttributes() {
    Appraisal snp =
        new Appraisal(
            Fixtures.evidence("sev-snp", "UpToDate", List.of(), Binding.HARDWARE, false),
            List.of());
    assertThat(outcome(eval(Policies.strict(), snp), "policy.platform.td_attributes"))
        .isEqualTo(Outcome.PASS);
  }

  @Test
  void everyComponentOfACompositeServiceMustSetSeptVeDisable() {
    Appraisal model = td(Fixtures.PRODUCTION_TD, Map.of());
    Appraisal composite =
        new Appraisal(
            model.evidence(),
            model.checks(),
            Map.of("gateway", td(TdAttributes.NONE, Map.of()), "model0", model));
    Verdict v = eval(Policies.strict(), composite);
    assertThat(v.decision()).isEqualTo(Decision.DENY);
    assertThat(outcome(v, "gateway:policy.platform.td_attributes"))
        .isInstanceOf(Outcome.Fail.class);
    assertThat(outcome(v, "model0:policy.platform.td_attributes")).isEqualTo(Outcome.PASS);
  }

  @Test
  void builtinStrictDeniesANonZeroMrServiceTd() {
    Verdict v =
        eval(Policies.strict(), td(Fixtures.PRODUCTION_TD, Map.of("mr_servicetd", SERVICE_TD)));
    assertThat(v.decision()).isEqualTo(Decision.DENY);
    assertThat(outcome(v, "policy.platform.mr_servicetd").reason())
        .contains(SERVICE_TD.substring(0, 8));
    assertThat(
            eval(Policies.strict(), td(Fixtures.PRODUCTION_TD, Map.of("mr_servicetd", ZERO)))
                .decision())
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void aBundleThatPinsMrServiceTdAcceptsThatServiceTdAndOnlyThat() throws Exception {
    CompiledPolicy p =
        compile(
            """
          measurements:
            bundles:
              - {name: with-migration-td, mrtd: "%s", mr_servicetd: "%s"}
              - {name: plain, mrtd: "%s"}
        """
                .formatted(Fixtures.MRTD, SERVICE_TD, Fixtures.RTMR0.substring(0, 96)));
    Verdict pinned = eval(p, td(Fixtures.PRODUCTION_TD, Map.of("mr_servicetd", SERVICE_TD)));
    assertThat(pinned.decision()).as(pinned.checks().toString()).isEqualTo(Decision.ALLOW);
    Verdict other = eval(p, td(Fixtures.PRODUCTION_TD, Map.of("mr_servicetd", "6b".repeat(48))));
    assertThat(outcome(other, "policy.platform.mr_servicetd")).isInstanceOf(Outcome.Fail.class);
    assertThat(outcome(other, "policy.measurements.bundle")).isInstanceOf(Outcome.Fail.class);
  }

  /**
   * A bundle that does not pin MRSERVICETD means "no service TD", even when another bundle pins
   * one.
   */
  @Test
  void aBundleThatDoesNotPinMrServiceTdRequiresItZero() throws Exception {
    CompiledPolicy p =
        compile(
            """
          measurements:
            bundles:
              - {name: with-migration-td, mrtd: "%s", rtmr0: "%s", mr_servicetd: "%s"}
              - {name: plain, mrtd: "%s"}
        """
                .formatted("11".repeat(48), "22".repeat(48), SERVICE_TD, Fixtures.MRTD));
    Verdict v = eval(p, td(Fixtures.PRODUCTION_TD, Map.of("mr_servicetd", SERVICE_TD)));
    assertThat(outcome(v, "policy.measurements.bundle").reason())
        .contains("closest is 'plain'", "mr_servicetd");
    assertThat(v.decision()).isEqualTo(Decision.DENY);
    assertThat(eval(p, td(Fixtures.PRODUCTION_TD, Map.of("mr_servicetd", ZERO))).decision())
        .isEqualTo(Decision.ALLOW);
  }
}
