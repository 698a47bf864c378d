package dev.teepol.policy.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.compile.Diagnostic;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.eval.PolicyEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteReaderTest {
  static final String AMD_CASE =
      """
      cases:
        - name: AMD evidence for a TDX claim
          at: 2025-01-01T00:00:00Z
          normalized:
            kind: sev-snp
            platform: {tee: sev-snp, vendor: amd, debug: false, tcb: {status: UpToDate}}
            measurements: {measurement: "ab12"}
            bound: {measurements.measurement: hardware}
            checks: {sev-snp.report.signature: {outcome: PASS, category: SIGNATURE}}
            components:
              gateway: {kind: tdx, platform: {tee: tdx, tcb: {status: "UpToDate"}, td_attributes: {sept_ve_disable: true}}}
          expect: {decision: DENY, failing: [policy.substrate.tee]}
      """;

  @TempDir Path dir;

  private TestSuite parse(String yaml) throws SuiteException {
    return SuiteReader.parse(yaml, dir.resolve("p.tests.yaml"));
  }

  private SuiteException broken(String yaml) {
    try {
      parse(yaml);
    } catch (SuiteException e) {
      return e;
    }
    throw new AssertionError("suite was accepted:\n" + yaml);
  }

  @Test
  void normalizedEvidenceBecomesTheCoreRecordsWithTheModelsOwnEmptyValues() throws Exception {
    TestSuite s = parse(AMD_CASE);
    assertThat(s.policyRef()).isEqualTo(dir.resolve("p.yaml").toString());
    TestCase c = s.cases().get(0);
    assertThat(c.at()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(c.expect().decision()).isEqualTo(Decision.DENY);
    assertThat(c.expect().failing()).contains(java.util.Set.of("policy.substrate.tee"));
    Appraisal a = ((CaseEvidence.Normalized) c.evidence()).appraisal();
    Evidence e = a.evidence();
    assertThat(e.kind()).isEqualTo("sev-snp");
    assertThat(e.platform().tee()).isEqualTo("sev-snp");
    assertThat(e.platform().tcb().status()).isEqualTo("UpToDate");
    // Omitted: the model's own "unknown" (Tcb.UNKNOWN says -1), not a made-up zero.
    assertThat(e.platform().tcb().evalDataNumber()).isEqualTo(-1);
    assertThat(e.measurements()).containsExactly(Map.entry("measurement", "ab12"));
    assertThat(e.bound()).containsExactly(Map.entry("measurements.measurement", Binding.HARDWARE));
    assertThat(e.workload().composeHash()).isEmpty();
    assertThat(a.checks())
        .containsExactly(
            new CheckResult("sev-snp.report.signature", CheckCategory.SIGNATURE, Outcome.PASS, ""));
    assertThat(a.components()).containsOnlyKeys("gateway");
    // A component with no platform.tee written keeps what was given; one with none written is
    // "none".
    assertThat(a.components().get("gateway").evidence().platform().tee()).isEqualTo("tdx");
  }

  @Test
  void aTypoInAFixtureIsAnErrorWithItsPositionAndTheClosestField() {
    String typo = AMD_CASE.replace("tcb: {status: UpToDate}", "tcb: {stauts: UpToDate}");
    SuiteException e = broken(typo);
    assertThat(e.diagnostics()).hasSize(1);
    Diagnostic d = e.diagnostics().get(0);
    assertThat(d.message()).contains("unknown key 'stauts'", "normalized.platform.tcb");
    assertThat(d.suggestion()).isEqualTo("status");
    assertThat(d.pos().line()).isEqualTo(6);
    assertThat(d.pos().column()).isEqualTo(typo.lines().toList().get(5).indexOf("stauts") + 1);
    assertThat(e.format())
        .startsWith(dir.resolve("p.tests.yaml") + ":6:")
        .contains("did you mean 'status'?");
  }

  @Test
  void fixtureFieldsAreTheSnakeCaseRecordComponentsSoCamelCaseIsRejected() {
    SuiteException e =
        broken(AMD_CASE.replace("measurements: {measurement: \"ab12\"}", "reportData: \"00\""));
    assertThat(e.diagnostics())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.message()).contains("unknown key 'reportData'");
              assertThat(d.suggestion()).isEqualTo("report_data");
            });
  }

  @Test
  void badValuesAreReportedAllAtOnce() {
    SuiteException e =
        broken(
            AMD_CASE
                .replace("debug: false", "debug: maybe")
                .replace("hardware}", "hardwre}")
                .replace("\"ab12\"", "\"AB12\"")
                .replace("outcome: PASS", "outcome: PASSED"));
    assertThat(e.diagnostics())
        .extracting(Diagnostic::message)
        .satisfiesExactlyInAnyOrder(
            m -> assertThat(m).contains("debug must be true or false"),
            m -> assertThat(m).contains("unknown binding 'hardwre'"),
            m -> assertThat(m).contains("must be lowercase hex"),
            m -> assertThat(m).contains("outcome must be one of"));
    assertThat(e.diagnostics())
        .filteredOn(d -> d.message().contains("binding"))
        .extracting(Diagnostic::suggestion)
        .containsExactly("hardware");
  }

  @Test
  void everyCaseNeedsAClockEvidenceAndADecision() {
    SuiteException e =
        broken(
            """
        cases:
          - name: no clock
            normalized: {kind: tdx}
            expect: {decision: ALLOW}
          - name: no evidence
            at: 2025-01-01T00:00:00Z
            expect: {decision: DENY}
          - name: bad decision
            at: 2025-01-01T00:00:00Z
            normalized: {kind: tdx}
            expect: {decision: ALOW}
        """);
    assertThat(e.diagnostics())
        .extracting(Diagnostic::message)
        .satisfiesExactly(
            m -> assertThat(m).contains("case 'no clock' needs 'at'", "never read the wall clock"),
            m -> assertThat(m).contains("case 'no evidence' needs evidence"),
            m -> assertThat(m).contains("decision must be ALLOW or DENY, found 'ALOW'"));
    assertThat(e.diagnostics().get(2).suggestion()).isEqualTo("ALLOW");
  }

  @Test
  void aSuiteWithoutCasesOrWithDuplicateNamesIsBroken() {
    assertThat(broken("cases: []\n").diagnostics())
        .singleElement()
        .satisfies(d -> assertThat(d.message()).contains("cases is empty"));
    String one =
        "  - {name: a, at: 2025-01-01T00:00:00Z, normalized: {kind: tdx}, expect: {decision: DENY}}\n";
    assertThat(broken("cases:\n" + one + one).diagnostics())
        .singleElement()
        .satisfies(
            d -> assertThat(d.message()).contains("duplicate case name 'a' (first at line 2)"));
    assertThat(broken("policy: x.yaml\ncasse: []\n").diagnostics())
        .extracting(Diagnostic::suggestion)
        .contains("cases");
  }

  @Test
  void rawEvidencePathsAreRelativeToTheSuiteAndMustExist() throws Exception {
    Files.createDirectories(dir.resolve("ev/collateral"));
    Files.write(dir.resolve("ev/quote.bin"), new byte[] {1});
    TestSuite s =
        parse(
            """
        policy: builtin:strict
        cases:
          - name: raw
            evidence: {file: ev/quote.bin, collateral: ev/collateral, at: 1735689600, nonce: "ab12"}
            expect: {decision: DENY, failing: [policy.tcb.status]}
        """);
    assertThat(s.policyRef()).isEqualTo("builtin:strict");
    CaseEvidence.Raw raw = (CaseEvidence.Raw) s.cases().get(0).evidence();
    assertThat(raw.file()).isEqualTo(dir.resolve("ev/quote.bin"));
    assertThat(raw.collateral()).contains(dir.resolve("ev/collateral"));
    assertThat(raw.nonce()).contains("ab12");
    assertThat(s.cases().get(0).at()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));

    SuiteException e =
        broken(
            """
        cases:
          - name: raw
            evidence: {file: ev/quote.bn, at: 2025-01-01T00:00:00Z}
            expect: {decision: DENY}
        """);
    assertThat(e.diagnostics())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.message()).contains("file:", "ev/quote.bn does not exist");
              assertThat(d.pos().line()).isEqualTo(3);
            });
  }

  @Test
  void expectationsNameEveryMismatch() throws Exception {
    Expectation want =
        new Expectation(
            Decision.DENY,
            java.util.Optional.of(java.util.Set.of("policy.substrate.tee")),
            Map.of("tier", 2L),
            Map.of());
    Verdict allow =
        new Verdict(
            Decision.ALLOW,
            List.of(CheckResult.pass("a", CheckCategory.POLICY, "")),
            Map.of("tier", 2L));
    assertThat(want.mismatches(allow))
        .containsExactly(
            "expected DENY, got ALLOW",
            "expected failing checks that did not fail [policy.substrate.tee]");
    Verdict other =
        Verdict.of(
            List.of(
                CheckResult.fail("policy.tcb.status", CheckCategory.POLICY, "x"),
                CheckResult.fail("policy.substrate.tee", CheckCategory.POLICY, "x")),
            Map.of("tier", 1L));
    assertThat(want.mismatches(other))
        .containsExactly(
            "unexpected failing checks [policy.tcb.status]", "output tier: expected 2, got 1");
    Verdict right =
        Verdict.of(
            List.of(CheckResult.fail("policy.substrate.tee", CheckCategory.POLICY, "x")),
            Map.of("tier", 2L));
    assertThat(want.mismatches(right)).isEmpty();
  }

  @Test
  void theNormalizedFixtureGivesThePolicyTheVerdictItsExpectationNames() throws Exception {
    TestCase c = parse(AMD_CASE).cases().get(0);
    var policy =
        PolicyCompiler.compile(
            """
        apiVersion: teepol.dev/v1
        kind: TrustPolicy
        metadata: {name: tdx-only}
        spec:
          substrate: {tee: [tdx]}
        """,
            "tdx-only.yaml");
    Verdict v =
        PolicyEngine.evaluate(policy, ((CaseEvidence.Normalized) c.evidence()).appraisal(), c.at());
    assertThat(c.expect().mismatches(v)).isEmpty();
    assertThat(v.checks())
        .filteredOn(r -> r.id().equals("policy.substrate.tee"))
        .singleElement()
        .satisfies(r -> assertThat(r.explanation()).contains("evidence is AMD SEV-SNP"));
  }
}
