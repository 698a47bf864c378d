package dev.teepol.policy;

import static dev.teepol.policy.PolicyCompilerTest.compile;
import static dev.teepol.policy.PolicyCompilerTest.errors;
import static dev.teepol.policy.PolicyCompilerTest.eval;
import static dev.teepol.policy.PolicyCompilerTest.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.CollateralInfo;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.Platform;
import dev.teepol.core.evidence.SnpGuest;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.core.evidence.TdAttributes;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Policies;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The SEV-SNP policy keys: component-wise minimum TCB, the Intel evaluation data number, guest
 * policy bits with allow/require semantics per bit, VMPL, GUEST_SVN and ID-block key digests; and
 * what builtin:strict does with SEV-SNP evidence.
 */
class SnpPolicyTest {
  static final String ID_KEY = "1d".repeat(48);

  /** SEV-SNP evidence with the given guest policy bits and reported TCB parts. */
  static Appraisal snp(
      Map<String, Boolean> bits, Map<String, String> tcb, long vmpl, String status) {
    Map<String, Boolean> policy = new LinkedHashMap<>();
    for (String b :
        List.of(
            "smt",
            "migrate_ma",
            "debug",
            "single_socket",
            "cxl_allow",
            "mem_aes_256_xts",
            "rapl_dis",
            "ciphertext_hiding_dram",
            "page_swap_disable")) {
      policy.put(b, bits.getOrDefault(b, false));
    }
    Map<String, String> m = new LinkedHashMap<>();
    m.put("measurement", "4d".repeat(48));
    m.put("guest_svn", "3");
    m.put("id_key_digest", ID_KEY);
    m.put("author_key_digest", "0".repeat(96));
    m.put("vmpl", Long.toString(vmpl));
    Map<String, Binding> bound = new LinkedHashMap<>();
    m.keySet().forEach(k -> bound.put("measurements." + k, Binding.HARDWARE));
    Evidence e =
        Evidence.builder("sev-snp", "test")
            .platform(
                new Platform(
                    "sev-snp",
                    "amd",
                    policy.get("debug"),
                    new Tcb(status, List.of(), Optional.empty(), -1, tcb),
                    CollateralInfo.NONE,
                    TdAttributes.NONE,
                    new SnpGuest("genoa", "vcek", vmpl, policy, Map.of())))
            .measurements(m)
            .bound(bound)
            .build();
    return new Appraisal(
        e, List.of(CheckResult.pass("sev-snp.report.signature", CheckCategory.SIGNATURE, "ok")));
  }

  static Map<String, String> tcb(int bl, int tee, int snp, int ucode) {
    return Map.of(
        "reported.bl",
        "" + bl,
        "reported.tee",
        "" + tee,
        "reported.snp",
        "" + snp,
        "reported.ucode",
        "" + ucode);
  }

  static Appraisal genoa() {
    return snp(Map.of("smt", true), tcb(7, 0, 14, 72), 0, "UpToDate");
  }

  @Test
  void builtinStrictAllowsAConsistentSmtGuestAndDeniesAMigrationAgent() {
    assertThat(eval(Policies.strict(), genoa()).decision()).isEqualTo(Decision.ALLOW);
    Verdict ma =
        eval(
            Policies.strict(),
            snp(Map.of("smt", true, "migrate_ma", true), tcb(7, 0, 14, 72), 0, "UpToDate"));
    assertThat(ma.decision()).isEqualTo(Decision.DENY);
    assertThat(outcome(ma, "policy.platform.snp_policy").reason()).contains("MIGRATE_MA");
    Verdict held = eval(Policies.strict(), snp(Map.of(), tcb(7, 0, 14, 72), 0, "OutOfDate"));
    assertThat(outcome(held, "policy.tcb.status").reason()).contains("OutOfDate");
  }

  @Test
  void theMinimumTcbIsComponentWise() throws Exception {
    CompiledPolicy p = compile("  tcb: {minimum: {bl: 7, tee: 0, snp: 14, ucode: 72}}\n");
    assertThat(eval(p, genoa()).decision()).isEqualTo(Decision.ALLOW);
    // A higher ucode does not make up for a lower SNP SPL.
    Verdict low = eval(p, snp(Map.of(), tcb(7, 0, 13, 200), 0, "UpToDate"));
    assertThat(outcome(low, "policy.tcb.minimum").reason())
        .contains("snp 13 < 14")
        .doesNotContain("ucode");
    // A component the evidence lacks (fmc on Genoa) fails closed.
    CompiledPolicy fmc = compile("  tcb: {minimum: {fmc: 0}}\n");
    assertThat(outcome(eval(fmc, genoa()), "policy.tcb.minimum").reason()).contains("fmc absent");
  }

  @Test
  void theMinimumTcbDoesNotJudgeOtherTeesAndTheEvalDataNumberOnlyIntel() throws Exception {
    CompiledPolicy p = compile("  tcb: {minimum: {snp: 14}, minEvaluationDataNumber: 18}\n");
    Appraisal tdx = Fixtures.tdx("UpToDate", List.of()); // eval data number 17
    Verdict v = eval(p, tdx);
    assertThat(outcome(v, "policy.tcb.minimum")).isEqualTo(Outcome.PASS);
    assertThat(outcome(v, "policy.tcb.eval_data_number").reason()).contains("17 is below 18");
    assertThat(outcome(eval(p, genoa()), "policy.tcb.eval_data_number")).isEqualTo(Outcome.PASS);
    CompiledPolicy ok = compile("  tcb: {minEvaluationDataNumber: 17}\n");
    assertThat(outcome(eval(ok, tdx), "policy.tcb.eval_data_number")).isEqualTo(Outcome.PASS);
  }

  @Test
  void permissionsAreAllowedAndRequirementsRequiredNeverTheOtherWayRound() throws Exception {
    // mem_aes_256_xts is a requirement: a guest that sets it is stricter, never refused for it
    // (go-sev-guest checks it the wrong way round, tinfoil-go #101).
    Appraisal xts =
        snp(Map.of("smt", true, "mem_aes_256_xts", true), tcb(7, 0, 14, 72), 0, "UpToDate");
    assertThat(eval(Policies.strict(), xts).decision()).isEqualTo(Decision.ALLOW);
    CompiledPolicy require =
        compile("  substrate: {snp: {guestPolicy: {memAes256Xts: require, smt: deny}}}\n");
    assertThat(
            eval(require, snp(Map.of("mem_aes_256_xts", true), tcb(7, 0, 14, 72), 0, "UpToDate"))
                .decision())
        .isEqualTo(Decision.ALLOW);
    Verdict v = eval(require, genoa());
    assertThat(outcome(v, "policy.platform.snp_policy").reason())
        .contains("allows SMT, which this policy denies")
        .contains("does not require MEM_AES_256_XTS");
  }

  @Test
  void theGuestPolicyWordsFitTheKindOfBit() {
    assertThat(
            errors("  substrate: {snp: {guestPolicy: {memAes256Xts: allow}}}\n")
                .errors()
                .get(0)
                .message())
        .contains("a requirement the guest imposes");
    assertThat(
            errors("  substrate: {snp: {guestPolicy: {smt: require}}}\n").errors().get(0).message())
        .contains("a permission the guest grants");
    assertThat(
            errors("  substrate: {snp: {guestPolicy: {debug: allow}}}\n").errors().get(0).message())
        .contains("unknown key 'debug'");
    assertThat(errors("  substrate: {snp: {vmpl: [4]}}\n").errors())
        .anySatisfy(d -> assertThat(d.message()).contains("0..3"));
    assertThat(errors("  tcb: {minimum: {ucode: 256}}\n").errors().get(0).message())
        .contains("0..255");
    assertThat(errors("  tcb: {minimum: {}}\n").errors().get(0).message()).contains("empty");
  }

  @Test
  void vmplGuestSvnAndIdKeyDigestsAreJudgedOnSnpEvidenceOnly() throws Exception {
    CompiledPolicy p =
        compile(
            "  substrate: {snp: {vmpl: [0], minGuestSvn: 3, idKeyDigests: [\"%s\"]}}\n"
                .formatted(ID_KEY));
    assertThat(eval(p, genoa()).decision())
        .as(eval(p, genoa()).checks().toString())
        .isEqualTo(Decision.ALLOW);
    Verdict vmpl1 = eval(p, snp(Map.of("smt", true), tcb(7, 0, 14, 72), 1, "UpToDate"));
    assertThat(outcome(vmpl1, "policy.snp.vmpl").reason()).contains("VMPL 1");
    CompiledPolicy svn = compile("  substrate: {snp: {minGuestSvn: 4}}\n");
    assertThat(outcome(eval(svn, genoa()), "policy.snp.guest_svn").reason())
        .contains("3 is below the minimum 4");
    CompiledPolicy key =
        compile("  substrate: {snp: {idKeyDigests: [\"%s\"]}}\n".formatted("2e".repeat(48)));
    assertThat(outcome(eval(key, genoa()), "policy.snp.id_key_digest"))
        .isInstanceOf(Outcome.Fail.class);
    assertThat(outcome(eval(key, Fixtures.tdx("UpToDate", List.of())), "policy.snp.id_key_digest"))
        .isEqualTo(Outcome.PASS);
  }

  @Test
  void aPolicyForTdxOnlyGeneratesNoGuestPolicyCheck() throws Exception {
    CompiledPolicy p = compile("  substrate: {tee: [tdx]}\n");
    assertThat(eval(p, Fixtures.tdx("UpToDate", List.of())).checks())
        .extracting(CheckResult::id)
        .doesNotContain("policy.platform.snp_policy");
  }

  @Test
  void lintWarnsWhenAGuestMayHaveAMigrationAgentOrCxlMemory() throws Exception {
    CompiledPolicy p =
        compile(
            "  substrate: {tee: [sev-snp], snp: {guestPolicy: {migrateMa: allow, smt: allow}}}\n");
    assertThat(p.warnings())
        .extracting(dev.teepol.policy.compile.Diagnostic::message)
        .anySatisfy(m -> assertThat(m).contains("MIGRATE_MA").contains("export the guest's memory"))
        .noneSatisfy(m -> assertThat(m).contains("allows SMT"));
  }
}
