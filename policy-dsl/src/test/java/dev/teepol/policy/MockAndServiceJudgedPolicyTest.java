package dev.teepol.policy;

import static dev.teepol.policy.PolicyCompilerTest.compile;
import static dev.teepol.policy.PolicyCompilerTest.errors;
import static dev.teepol.policy.PolicyCompilerTest.eval;
import static dev.teepol.policy.PolicyCompilerTest.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.evidence.CollateralInfo;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.MockAttestation;
import dev.teepol.core.evidence.Platform;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.core.evidence.TdAttributes;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Diagnostic;
import dev.teepol.policy.compile.Policies;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The policy side of the development attester (the published-key refusal) and of Confidential Space
 * (a TD judged by Google's service carries no TD report, so TD_ATTRIBUTES cannot be required of it,
 * and only of it).
 */
class MockAndServiceJudgedPolicyTest {
  static Appraisal mock(String publishedKey) {
    Evidence e =
        Evidence.builder("mock", "node")
            .platform(new Platform("mock", "mock", false, Tcb.UNKNOWN, CollateralInfo.NONE))
            .mock(
                new MockAttestation(
                    "c-1", "0011223344556677", publishedKey, Optional.empty(), Optional.empty()))
            .build();
    return new Appraisal(e, List.of(CheckResult.pass("mock.hmac", CheckCategory.SIGNATURE, "ok")));
  }

  static final String TIERS = "  substrate: {tee: [mock, tdx]}\n  tcb: {appliesTo: [tdx]}\n";

  @Test
  void aPublishedMockKeyIsRefusedUnlessThePolicyNamesIt() throws Exception {
    CompiledPolicy p = compile(TIERS);
    Verdict published = eval(p, mock("weloveblindference"));
    assertThat(published.decision()).isEqualTo(Decision.DENY);
    assertThat(outcome(published, "policy.mock.key").reason())
        .contains("weloveblindference", "allowPublishedMockKeys");
    assertThat(eval(p, mock("")).decision()).isEqualTo(Decision.ALLOW);

    CompiledPolicy naming =
        compile(
            "  substrate: {tee: [mock, tdx], allowPublishedMockKeys: [weloveblindference]}\n"
                + "  tcb: {appliesTo: [tdx]}\n");
    assertThat(eval(naming, mock("weloveblindference")).decision()).isEqualTo(Decision.ALLOW);
    assertThat(naming.warnings())
        .extracting(Diagnostic::message)
        .anyMatch(m -> m.contains("allowPublishedMockKeys") && m.contains("public"));
  }

  @Test
  void theMockKeyCheckExistsOnlyWherePoliciesCanAdmitMock() throws Exception {
    CompiledPolicy tdxOnly = compile("  substrate: {tee: [tdx]}\n");
    assertThat(eval(tdxOnly, mock("weloveblindference")).checks())
        .extracting(CheckResult::id)
        .doesNotContain("policy.mock.key")
        .contains("policy.substrate.tee");
    CompiledPolicy noClaim = compile("  tcb: {appliesTo: [tdx]}\n");
    assertThat(outcome(eval(noClaim, mock("weloveblindference")), "policy.mock.key"))
        .isInstanceOf(Outcome.Fail.class);
    assertThat(eval(Policies.strict(), mock("")).decision()).isEqualTo(Decision.DENY);
  }

  @Test
  void onlyPublishedKeysCanBeNamedAndTheListCannotBeEmpty() {
    Diagnostic d =
        errors("  substrate: {tee: [mock], allowPublishedMockKeys: [weloveblindferenc]}\n")
            .errors()
            .get(0);
    assertThat(d.message()).contains("not a published mock key", "--mock-key");
    assertThat(d.suggestion()).isEqualTo("weloveblindference");
    assertThat(
            errors("  substrate: {tee: [mock], allowPublishedMockKeys: []}\n")
                .errors()
                .get(0)
                .message())
        .contains("empty");
  }

  static Appraisal tdxWithoutTdReport(String kind) {
    Evidence e =
        Evidence.builder(kind, "svc")
            .platform(
                new Platform(
                    "tdx",
                    "google",
                    false,
                    new Tcb("UpToDate", List.of(), Optional.empty(), -1, Map.of()),
                    CollateralInfo.NONE,
                    TdAttributes.NONE))
            .build();
    return new Appraisal(
        e, List.of(CheckResult.pass(kind + ".signature", CheckCategory.SIGNATURE, "ok")));
  }

  @Test
  void aServiceJudgedTdIsNotAskedForTdAttributesButAnyOtherTdIs() {
    Verdict cs = eval(Policies.strict(), tdxWithoutTdReport("confidential-space"));
    assertThat(outcome(cs, "policy.platform.td_attributes")).isEqualTo(Outcome.PASS);
    assertThat(cs.decision()).isEqualTo(Decision.ALLOW);
    for (String kind : List.of("tdx", "dstack", "near", "tinfoil", "")) {
      assertThat(
              outcome(
                  eval(Policies.strict(), tdxWithoutTdReport(kind)),
                  "policy.platform.td_attributes"))
          .as(kind)
          .isInstanceOf(Outcome.Fail.class);
    }
  }

  @Test
  void sevAndSevEsAreTeesAPolicyCanNameButStrictDoesNot() throws Exception {
    CompiledPolicy p = compile("  substrate: {tee: [sev-es]}\n");
    Evidence sev =
        Evidence.builder("confidential-space", "svc")
            .platform(new Platform("sev", "google", false, Tcb.UNKNOWN, CollateralInfo.NONE))
            .build();
    Verdict v = eval(p, new Appraisal(sev, List.of()));
    assertThat(outcome(v, "policy.substrate.tee").reason()).contains("AMD SEV-ES", "AMD SEV (");
    assertThat(
            outcome(eval(Policies.strict(), new Appraisal(sev, List.of())), "policy.substrate.tee"))
        .isInstanceOf(Outcome.Fail.class);
  }
}
