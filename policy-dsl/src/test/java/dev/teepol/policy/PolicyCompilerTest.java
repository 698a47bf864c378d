package dev.teepol.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Diagnostic;
import dev.teepol.policy.compile.Policies;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.eval.PolicyEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyCompilerTest {
  static final String HEAD =
      """
      apiVersion: teepol.dev/v1
      kind: TrustPolicy
      metadata: {name: t, version: 1}
      spec:
      """;

  static CompiledPolicy compile(String spec) throws PolicyCompileException {
    return PolicyCompiler.compile(HEAD + spec, "t.yaml");
  }

  static PolicyCompileException errors(String spec) {
    try {
      compile(spec);
    } catch (PolicyCompileException e) {
      return e;
    }
    throw new AssertionError("compiled");
  }

  static Verdict eval(CompiledPolicy p, Appraisal a) {
    return PolicyEngine.evaluate(p, a, Fixtures.NOW);
  }

  static Outcome outcome(Verdict v, String id) {
    return v.checks().stream()
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + id))
        .outcome();
  }

  // --- audit item 13: a policy can require a matching nonce; the built-in one does not ---

  static Appraisal withNonce(NonceInfo nonce) {
    Appraisal a = Fixtures.tdx("UpToDate", List.of());
    Evidence e = a.evidence();
    return new Appraisal(e.toBuilder().nonce(nonce).build(), a.checks());
  }

  @Test
  void freshnessRequireNonceDeniesEvidenceWithoutAMatchingNonceAtItsLine()
      throws PolicyCompileException {
    CompiledPolicy p =
        compile(
            """
          freshness:
            requireNonce: true
        """);
    Verdict none = eval(p, withNonce(NonceInfo.NONE));
    assertThat(none.decision()).isEqualTo(Decision.DENY);
    CheckResult c =
        none.checks().stream()
            .filter(x -> x.id().equals("policy.freshness.nonce"))
            .findFirst()
            .orElseThrow();
    assertThat(c.outcome()).isInstanceOf(Outcome.Fail.class);
    assertThat(c.explanation()).contains("no nonce supplied");
    assertThat(c.source()).isEqualTo("t.yaml:6:5");
    Verdict differs = eval(p, withNonce(new NonceInfo("abcd", false)));
    assertThat(outcome(differs, "policy.freshness.nonce")).isInstanceOf(Outcome.Fail.class);
    assertThat(differs.checks())
        .filteredOn(x -> x.id().equals("policy.freshness.nonce"))
        .singleElement()
        .satisfies(x -> assertThat(x.explanation()).contains("does not carry", "abcd"));
    assertThat(eval(p, withNonce(new NonceInfo("abcd", true))).decision())
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void freshnessIsRequiredOfEveryComponent() throws PolicyCompileException {
    CompiledPolicy p =
        compile(
            """
          freshness: {requireNonce: true}
        """);
    Appraisal fresh = withNonce(new NonceInfo("abcd", true));
    Appraisal stale = withNonce(new NonceInfo("abcd", false));
    Verdict v =
        eval(
            p,
            new Appraisal(
                fresh.evidence(), List.of(), java.util.Map.of("model0", fresh, "gateway", stale)));
    assertThat(outcome(v, "model0:policy.freshness.nonce")).isEqualTo(Outcome.PASS);
    assertThat(outcome(v, "gateway:policy.freshness.nonce")).isInstanceOf(Outcome.Fail.class);
    assertThat(v.decision()).isEqualTo(Decision.DENY);
  }

  @Test
  void withoutFreshnessOrWithRequireNonceFalseNoNonceIsRequired() throws PolicyCompileException {
    for (String spec :
        List.of("  tcb: {allow: [UpToDate]}\n", "  freshness: {requireNonce: false}\n")) {
      Verdict v = eval(compile(spec), withNonce(NonceInfo.NONE));
      assertThat(v.decision()).as(spec).isEqualTo(Decision.ALLOW);
      assertThat(v.checks()).extracting(CheckResult::id).doesNotContain("policy.freshness.nonce");
    }
    assertThat(eval(Policies.strict(), withNonce(NonceInfo.NONE)).decision())
        .as("builtin:strict")
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void freshnessKeysAreChecked() {
    assertThat(errors("  freshness: {requireNonse: true}\n").format())
        .contains("unknown key 'requireNonse' in freshness", "requireNonce");
    assertThat(errors("  freshness: {requireNonce: yes}\n").format())
        .contains("requireNonce must be true or false");
    assertThat(errors("  freshness: {}\n").format()).contains("freshness is empty");
  }

  @Test
  void typoInFieldIsACompileErrorAtItsLineAndColumnWithSuggestion() {
    PolicyCompileException e =
        errors(
            """
          rules:
            - name: no-debug
              expression: "evidence.platform.tcb.stauts == 'UpToDate'"
        """);
    Diagnostic d = e.errors().get(0);
    assertThat(d.pos().line()).isEqualTo(7);
    assertThat(d.pos().column()).isEqualTo(41);
    assertThat(d.message()).contains("undefined field 'stauts'");
    assertThat(d.suggestion()).isEqualTo("status");
    assertThat(e.format())
        .contains("t.yaml:7:41: error: undefined field 'stauts'")
        .contains("^")
        .contains("did you mean 'status'?");
  }

  @Test
  void blockScalarErrorsMapToTheirLine() {
    PolicyCompileException e =
        errors(
            """
          rules:
            - name: multi
              expression: |
                evidence.platform.tee == 'tdx' &&
                  evidense.platform.debug
        """);
    Diagnostic d = e.errors().get(0);
    assertThat(d.pos().line()).isEqualTo(9);
    assertThat(d.suggestion()).isEqualTo("evidence");
  }

  @Test
  void allErrorsOfAFileAreReportedAtOnce() {
    PolicyCompileException e =
        errors(
            """
          substrate: {tee: [tdxx]}
          kms: {allowedRoots: []}
          tcbb: {}
          rules:
            - {name: a, expression: "1 == 'x'"}
            - {name: a, expression: "true"}
        """);
    List<String> msgs = e.errors().stream().map(Diagnostic::message).toList();
    assertThat(msgs).anyMatch(m -> m.contains("unknown TEE 'tdxx'"));
    assertThat(msgs)
        .anyMatch(m -> m.contains("kms.allowedRoots is empty: remove the section or pin a value"));
    assertThat(msgs).anyMatch(m -> m.contains("unknown key 'tcbb'"));
    assertThat(msgs).anyMatch(m -> m.contains("duplicate rule name 'a'"));
    assertThat(msgs).anyMatch(m -> m.contains("no matching overload"));
    assertThat(
            e.diagnostics().stream()
                .filter(x -> x.message().contains("tcbb"))
                .findFirst()
                .orElseThrow()
                .suggestion())
        .isEqualTo("tcb");
  }

  @Test
  void nonBoolRuleIsAnError() {
    assertThat(
            errors(
                    """
          rules: [{name: r, expression: "evidence.platform.tee"}]
        """)
                .errors()
                .get(0)
                .message())
        .contains("must be a bool");
  }

  @Test
  void strictDefaultsDenyOutOfDateAndAdvisoriesAndDebug() throws Exception {
    CompiledPolicy p = compile("  substrate: {tee: [tdx]}\n");
    assertThat(eval(p, Fixtures.tdx("UpToDate", List.of())).decision()).isEqualTo(Decision.ALLOW);
    Verdict out = eval(p, Fixtures.tdx("OutOfDate", List.of("INTEL-SA-01036")));
    assertThat(outcome(out, "policy.tcb.status")).isInstanceOf(Outcome.Fail.class);
    assertThat(outcome(out, "policy.tcb.advisories").reason()).contains("INTEL-SA-01036");
    Appraisal debug =
        new Appraisal(
            Fixtures.evidence("tdx", "UpToDate", List.of(), Binding.HARDWARE, true), List.of());
    assertThat(outcome(eval(p, debug), "policy.platform.not_debug"))
        .isInstanceOf(Outcome.Fail.class);
  }

  @Test
  void substrateClaimNamesClaimAndEvidence() throws Exception {
    CompiledPolicy p = compile("  substrate: {tee: [tdx]}\n");
    Appraisal snp =
        new Appraisal(
            Fixtures.evidence("sev-snp", "UpToDate", List.of(), Binding.HARDWARE, false),
            List.of());
    assertThat(outcome(eval(p, snp), "policy.substrate.tee").reason())
        .isEqualTo("claims Intel TDX, evidence is AMD SEV-SNP");
    Appraisal none =
        new Appraisal(dev.teepol.core.evidence.Evidence.empty("", "nothing"), List.of());
    Verdict v = eval(p, none);
    assertThat(outcome(v, "policy.substrate.tee")).isInstanceOf(Outcome.Unevaluable.class);
    assertThat(v.decision()).isEqualTo(Decision.DENY);
  }

  @Test
  void bundlesNameTheClosestAndEachDifferingRegister() throws Exception {
    CompiledPolicy p =
        compile(
            """
          measurements:
            bundles:
              - {name: far, mrtd: "%s", rtmr0: "%s"}
              - {name: near, mrtd: "%s", rtmr0: "%s"}
        """
                .formatted("11".repeat(48), "22".repeat(48), Fixtures.MRTD, "33".repeat(48)));
    String reason =
        outcome(eval(p, Fixtures.tdx("UpToDate", List.of())), "policy.measurements.bundle")
            .reason();
    assertThat(reason)
        .startsWith(
            "no bundle matches; closest is 'near': rtmr0: expected 33333333…3333, got bc122dbc…122d");
    CompiledPolicy ok =
        compile(
            """
          measurements:
            bundles: [{name: mine, mrtd: "%s", rtmr0: "%s"}]
        """
                .formatted(Fixtures.MRTD.toUpperCase(), Fixtures.RTMR0));
    assertThat(outcome(eval(ok, Fixtures.tdx("UpToDate", List.of())), "policy.measurements.bundle"))
        .isEqualTo(Outcome.PASS);
  }

  @Test
  void selfReportedValuesNeverSatisfyAPin() throws Exception {
    CompiledPolicy p =
        compile(
            """
          measurements:
            bundles: [{name: mine, mrtd: "%s"}]
        """
                .formatted(Fixtures.MRTD));
    Appraisal self =
        new Appraisal(
            Fixtures.evidence("tdx", "UpToDate", List.of(), Binding.SELF_REPORTED, false),
            List.of());
    assertThat(outcome(eval(p, self), "policy.measurements.bundle").reason())
        .contains("self_reported, not proven");
  }

  @Test
  void workloadKmsAndSignerPins() throws Exception {
    CompiledPolicy p =
        compile(
            """
          workload: {composeHashes: ["%s"]}
          kms: {allowedRoots: ["3059AA"]}
          signers: {allowed: ["0xD0AA20BC"], bindings: [report_data]}
        """
                .formatted(Fixtures.COMPOSE));
    Verdict v = eval(p, Fixtures.tdx("UpToDate", List.of()));
    assertThat(v.checks())
        .filteredOn(c -> c.id().startsWith("policy."))
        .allMatch(CheckResult::passed);
    CompiledPolicy wrong =
        compile(
            """
          signers: {allowed: ["0xd0aa20bc"], bindings: [mr_config]}
        """);
    assertThat(
            outcome(eval(wrong, Fixtures.tdx("UpToDate", List.of())), "policy.signers.allowed")
                .reason())
        .contains("report_data");
  }

  @Test
  void aValueWithoutABoundEntryProvesNothing() throws Exception {
    CompiledPolicy p = compile("  kms: {allowedRoots: [\"3059aa\"]}\n");
    dev.teepol.core.evidence.Evidence e =
        Fixtures.evidence("tdx", "UpToDate", List.of(), Binding.HARDWARE, false);
    java.util.Map<String, Binding> bound = new java.util.LinkedHashMap<>(e.bound());
    bound.remove("kms.root_key");
    dev.teepol.core.evidence.Evidence unbound =
        new dev.teepol.core.evidence.Evidence(
            e.subject(),
            e.kind(),
            e.platform(),
            e.measurements(),
            e.reportData(),
            e.workload(),
            e.kms(),
            e.signers(),
            e.gpus(),
            e.provenance(),
            e.nonce(),
            bound);
    assertThat(outcome(eval(p, new Appraisal(unbound, List.of())), "policy.kms.root").reason())
        .contains("no bound entry");
  }

  @Test
  void platformChecksCoverEveryComponentOfACompositeService() throws Exception {
    CompiledPolicy p = compile("  substrate: {tee: [tdx]}\n");
    Appraisal gateway = Fixtures.tdx("OutOfDate", List.of("INTEL-SA-01036"));
    Appraisal model = Fixtures.tdx("UpToDate", List.of());
    Appraisal composite =
        new Appraisal(
            model.evidence(),
            model.checks(),
            java.util.Map.of("gateway", gateway, "model0", model));
    Verdict v = eval(p, composite);
    assertThat(v.decision()).isEqualTo(Decision.DENY);
    assertThat(outcome(v, "gateway:policy.tcb.status").reason()).contains("OutOfDate");
    assertThat(outcome(v, "model0:policy.tcb.status")).isEqualTo(Outcome.PASS);
    // The report mirrors its primary (model0), judged under its own name: no second, unnamed copy.
    assertThat(v.checks())
        .extracting(CheckResult::id)
        .doesNotContain("policy.tcb.status", "policy.substrate.tee")
        .doesNotContain("gateway:policy.measurements.bundle");
  }

  @Test
  void reportLevelEvidenceThatMirrorsNoComponentKeepsItsOwnPlatformChecks() throws Exception {
    CompiledPolicy p = compile("  substrate: {tee: [tdx]}\n");
    Appraisal gateway = Fixtures.tdx("UpToDate", List.of());
    Appraisal top = Fixtures.tdx("OutOfDate", List.of("INTEL-SA-01036"));
    Verdict v =
        eval(p, new Appraisal(top.evidence(), top.checks(), java.util.Map.of("gateway", gateway)));
    assertThat(outcome(v, "policy.tcb.status")).isInstanceOf(Outcome.Fail.class);
    assertThat(outcome(v, "gateway:policy.tcb.status")).isEqualTo(Outcome.PASS);
    assertThat(v.decision()).isEqualTo(Decision.DENY);
  }

  @Test
  void reportDataConventionsAreFunctions() throws Exception {
    // Fixtures' report_data is 64 zero bytes: raw('') pads to exactly that; sha512('app-data:') is
    // not it.
    CompiledPolicy p =
        compile(
            """
          rules:
            - {name: raw, expression: "evidence.report_data == report_data.raw('')"}
            - {name: tagged, expression: "evidence.report_data == report_data.tagged('app-data', '')"}
            - {name: too-long, expression: "report_data.raw('%s') != ''"}
        """
                .formatted("00".repeat(65)));
    Verdict v = eval(p, Fixtures.tdx("UpToDate", List.of()));
    assertThat(outcome(v, "policy.rule.raw")).isEqualTo(Outcome.PASS);
    assertThat(outcome(v, "policy.rule.tagged")).isInstanceOf(Outcome.Fail.class);
    assertThat(outcome(v, "policy.rule.too-long")).isInstanceOf(Outcome.Unevaluable.class);
    assertThat(
            errors("  rules: [{name: r, expression: \"report_data.tagged('x')\"}]\n")
                .errors()
                .get(0)
                .message())
        .contains("no matching overload");
  }

  @Test
  void celRuntimeErrorIsUnevaluable() throws Exception {
    CompiledPolicy p =
        compile(
            """
          rules:
            - {name: missing-key, expression: "evidence.measurements['pcr7'] == 'aa'", message: needs pcr7}
        """);
    Outcome o = outcome(eval(p, Fixtures.tdx("UpToDate", List.of())), "policy.rule.missing-key");
    assertThat(o).isInstanceOf(Outcome.Unevaluable.class);
    assertThat(o.reason()).contains("pcr7");
  }

  @Test
  void checksCarryTheirYamlPosition() throws Exception {
    CompiledPolicy p =
        compile(
            """
          rules:
            - {name: tdx, expression: "evidence.platform.tee == 'tdx'"}
        """);
    CheckResult c =
        eval(p, Fixtures.tdx("UpToDate", List.of())).checks().stream()
            .filter(x -> x.id().equals("policy.rule.tdx"))
            .findFirst()
            .orElseThrow();
    assertThat(c.source()).isEqualTo("t.yaml:6:7");
  }

  @Test
  void outputsAreCarriedIntoTheVerdict() throws Exception {
    CompiledPolicy p =
        compile(
            """
          outputs:
            tier: "evidence.platform.tee in ['tdx','sev-snp'] ? 2 : (evidence.platform.tee == 'tpm' ? 1 : 0)"
        """);
    assertThat(eval(p, Fixtures.tdx("UpToDate", List.of())).outputs()).containsEntry("tier", 2L);
  }

  @Test
  void tcbAllowancesExpire() throws Exception {
    CompiledPolicy p =
        compile(
            """
          tcb: {allow: [UpToDate, SWHardeningNeeded], allowAdvisories: [INTEL-SA-00615], expires: "2024-12-31"}
        """);
    Verdict v = eval(p, Fixtures.tdx("SWHardeningNeeded", List.of("INTEL-SA-00615")));
    assertThat(outcome(v, "policy.tcb.status")).isInstanceOf(Outcome.Fail.class);
    assertThat(outcome(v, "policy.tcb.advisories")).isInstanceOf(Outcome.Fail.class);
    CompiledPolicy later =
        compile(
            """
          tcb: {allow: [UpToDate, SWHardeningNeeded], allowAdvisories: [INTEL-SA-00615], expires: "2025-06-30"}
        """);
    assertThat(eval(later, Fixtures.tdx("SWHardeningNeeded", List.of("INTEL-SA-00615"))).decision())
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void outOfDateGraceCountsFromCollateralIssue() throws Exception {
    CompiledPolicy p = compile("  tcb: {outOfDateGrace: 15d}\n");
    assertThat(outcome(eval(p, Fixtures.tdx("OutOfDate", List.of())), "policy.tcb.status"))
        .isEqualTo(Outcome.PASS);
    CompiledPolicy shortGrace = compile("  tcb: {outOfDateGrace: 5d}\n");
    assertThat(outcome(eval(shortGrace, Fixtures.tdx("OutOfDate", List.of())), "policy.tcb.status"))
        .isInstanceOf(Outcome.Fail.class);
  }

  @Test
  void builtinStrictLoadsAndDecidesLikeTheBaseline() {
    CompiledPolicy strict = Policies.strict();
    assertThat(eval(strict, Fixtures.tdx("UpToDate", List.of())).decision())
        .isEqualTo(Decision.ALLOW);
    assertThat(
            eval(
                    strict,
                    Fixtures.tdx("ConfigurationAndSWHardeningNeeded", List.of("INTEL-SA-00289")))
                .decision())
        .isEqualTo(Decision.DENY);
  }

  @Test
  void theCompilerKeepsNoJvmGlobalCache() throws Exception {
    // Whoever holds a compiled policy owns it; two compiles of one text are two independent
    // policies.
    CompiledPolicy a = compile("  substrate: {tee: [tdx]}\n");
    CompiledPolicy b = compile("  substrate: {tee: [tdx]}\n");
    assertThat(a).isNotSameAs(b);
    assertThat(a.policy().source()).isEqualTo(b.policy().source());
  }

  @Test
  void yamlErrorsAreReportedWithPosition() {
    assertThatThrownBy(() -> PolicyCompiler.compile("a: [1, 2\n", "bad.yaml"))
        .isInstanceOf(PolicyCompileException.class)
        .satisfies(e -> assertThat(((PolicyCompileException) e).format()).startsWith("bad.yaml:"));
    PolicyCompileException dup = errors("  tcb: {}\n  tcb: {}\n");
    assertThat(dup.errors().get(0).message()).contains("duplicate key 'tcb'");
  }

  @Test
  void lintWarnsOnMockExpiryAndBadPins() throws Exception {
    CompiledPolicy p =
        compile(
            """
          substrate: {tee: [tdx, mock]}
          tcb: {allow: [UpToDate, OutOfDate]}
          measurements:
            bundles: [{name: b, mrtd: "abc"}]
          rules:
            - {name: always, expression: "!evidence.platform.debug"}
        """);
    List<String> w = p.warnings().stream().map(Diagnostic::message).toList();
    assertThat(w).anyMatch(m -> m.contains("mock attester"));
    assertThat(w).anyMatch(m -> m.contains("no expiry date"));
    assertThat(w).anyMatch(m -> m.contains("not 96 hex digits"));
    assertThat(w).anyMatch(m -> m.contains("always holds"));
  }

  @Test
  void tcbAppliesToScopesTcbChecksToTeesThatHaveAVendorTcb() throws Exception {
    CompiledPolicy p = compile("  tcb: {maxCollateralAge: 30d, appliesTo: [tdx, sev-snp]}\n");
    Appraisal tpm =
        new Appraisal(Fixtures.evidence("tpm", "", List.of(), Binding.HARDWARE, false), List.of());
    assertThat(eval(p, tpm).decision()).isEqualTo(Decision.ALLOW);
    Verdict out = eval(p, Fixtures.tdx("OutOfDate", List.of("INTEL-SA-01036")));
    assertThat(outcome(out, "policy.tcb.status")).isInstanceOf(Outcome.Fail.class);
    assertThat(outcome(out, "policy.tcb.advisories")).isInstanceOf(Outcome.Fail.class);
    Appraisal unknownTdx =
        new Appraisal(Fixtures.evidence("tdx", "", List.of(), Binding.HARDWARE, false), List.of());
    assertThat(outcome(eval(p, unknownTdx), "policy.tcb.status"))
        .isInstanceOf(Outcome.Unevaluable.class);
    // Without appliesTo the strict default holds: no TCB status is no pass, whatever the TEE.
    assertThat(outcome(eval(compile("  tcb: {}\n"), tpm), "policy.tcb.status"))
        .isInstanceOf(Outcome.Unevaluable.class);
    assertThat(errors("  tcb: {appliesTo: [tdxx]}\n").errors().get(0).message())
        .contains("unknown TEE 'tdxx'");
  }

  /**
   * Audit item 6: appliesTo may exempt TEEs without a vendor TCB (TPM, mock), never TDX, SGX or
   * SEV-SNP.
   */
  @Test
  void tcbAppliesToCannotExemptATeeThatHasAVendorTcb() throws Exception {
    Appraisal outOfDateTdx = Fixtures.tdx("OutOfDate", List.of("INTEL-SA-01036"));
    for (String appliesTo : List.of("[sgx]", "[tpm]", "[sev-snp]", "[mock]")) {
      CompiledPolicy p = compile("  tcb: {maxCollateralAge: 30d, appliesTo: " + appliesTo + "}\n");
      Verdict v = eval(p, outOfDateTdx);
      assertThat(v.decision())
          .as("appliesTo " + appliesTo + " on OutOfDate TDX")
          .isEqualTo(Decision.DENY);
      assertThat(outcome(v, "policy.tcb.status")).as(appliesTo).isInstanceOf(Outcome.Fail.class);
      assertThat(outcome(v, "policy.tcb.advisories"))
          .as(appliesTo)
          .isInstanceOf(Outcome.Fail.class);
      Appraisal unknownTdx =
          new Appraisal(
              Fixtures.evidence("tdx", "", List.of(), Binding.HARDWARE, false), List.of());
      assertThat(outcome(eval(p, unknownTdx), "policy.tcb.status"))
          .as(appliesTo)
          .isInstanceOf(Outcome.Unevaluable.class);
    }
    // What appliesTo is for still works: TPM evidence outside [tdx] has no vendor TCB to judge.
    Appraisal tpm =
        new Appraisal(Fixtures.evidence("tpm", "", List.of(), Binding.HARDWARE, false), List.of());
    assertThat(eval(compile("  tcb: {appliesTo: [tdx]}\n"), tpm).decision())
        .isEqualTo(Decision.ALLOW);
    // ...and naming tpm in appliesTo judges it, so TPM evidence (no TCB status) cannot pass.
    assertThat(outcome(eval(compile("  tcb: {appliesTo: [tdx, tpm]}\n"), tpm), "policy.tcb.status"))
        .isInstanceOf(Outcome.Unevaluable.class);
  }

  @Test
  void lintSaysWhenAppliesToOmitsATeeWithAVendorTcb() throws Exception {
    List<String> w =
        compile("  tcb: {appliesTo: [sgx]}\n").warnings().stream()
            .map(Diagnostic::message)
            .toList();
    assertThat(w)
        .anyMatch(
            m -> m.contains("tcb.appliesTo omits tdx, sev-snp") && m.contains("still judged"));
    List<String> none =
        compile("  tcb: {appliesTo: [tdx, sgx, sev-snp]}\n").warnings().stream()
            .map(Diagnostic::message)
            .toList();
    assertThat(none).noneMatch(m -> m.contains("appliesTo"));
  }

  @Test
  void yamlMistakesAreAPlainSentenceAtTheirLineAndColumn() {
    Diagnostic indent = errors("  tcb: {allow: [UpToDate]}\n bad: 1\n").errors().get(0);
    assertThat(indent.message()).startsWith("the indentation of this line does not fit");
    assertThat(indent.pos().line()).isEqualTo(6);
    assertThat(errors("  tcb: {allow: [UpToDate\n").errors().get(0).message())
        .isEqualTo("the file ends inside an unclosed quote, [list] or {mapping}");
    PolicyCompileException empty = assertThrowsCompile("");
    assertThat(empty.errors().get(0).message()).startsWith("the policy file is empty");
    assertThat(empty.errors().get(0).pos().line()).as("never 0:0").isEqualTo(1);
    assertThat(empty.errors().get(0).pos().column()).isEqualTo(1);
  }

  @Test
  void aTypoInTcbAllowIsOneErrorWithoutAnUnrelatedExpiryWarning() {
    PolicyCompileException e = errors("  substrate: {tee: [tdx]}\n  tcb: {allow: [UpToDat]}\n");
    assertThat(e.errors())
        .extracting(Diagnostic::message)
        .containsExactly("unknown TCB status 'UpToDat'");
    assertThat(e.diagnostics())
        .extracting(Diagnostic::message)
        .noneMatch(m -> m.contains("expiry"));
  }

  private static PolicyCompileException assertThrowsCompile(String text) {
    try {
      PolicyCompiler.compile(text, "e.yaml");
    } catch (PolicyCompileException e) {
      return e;
    }
    throw new AssertionError("compiled");
  }
}
