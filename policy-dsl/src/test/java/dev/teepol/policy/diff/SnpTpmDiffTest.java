package dev.teepol.policy.diff;

import static dev.teepol.policy.diff.Effect.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.policy.compile.PolicyCompiler;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The keys added with SEV-SNP, TPM, Confidential Space, mock and Sigstore (substrate.snp,
 * tcb.minimum, tcb.minEvaluationDataNumber, allowPublishedMockKeys, allowWeakDigests,
 * workload.imageProvenance): a change to each is never reported EQUAL. Written before their section
 * rules existed, when every one of these cases was called "reformatted ... EQUAL".
 */
class SnpTpmDiffTest {
  static final String K1 = "1".repeat(96);
  static final String K2 = "2".repeat(96);
  static final String K3 = "3".repeat(96);

  static final String P0 = "a0".repeat(32);
  static final String P7 = "a7".repeat(32);
  static final String P8 = "a8".repeat(32);

  static final String BASE =
      """
      apiVersion: teepol.dev/v1
      kind: TrustPolicy
      metadata: {name: snp, version: 1}
      spec:
        substrate:
          tee: [sev-snp, tpm, mock, tdx]
          snp:
            vmpl: [0]
            minGuestSvn: 2
            guestPolicy: {smt: deny, memAes256Xts: require}
            idKeyDigests: [%K1]
            authorKeyDigests: [%K2]
        tcb:
          minimum: {bl: 7, tee: 0, snp: 14, ucode: 200}
          minEvaluationDataNumber: 17
          appliesTo: [tdx, sgx, sev-snp]
        measurements:
          bundles:
            - name: snp-guest
              measurement: %K3
            - name: tpm-boot
              sha256:pcr0: %P0
              sha256:pcr7: %P7
        workload:
          imageProvenance: [https://github.com/org/coordinator]
      """
          .replace("%K1", K1)
          .replace("%K2", K2)
          .replace("%K3", K3)
          .replace("%P0", P0)
          .replace("%P7", P7);

  static String edit(String from, String to) {
    assertThat(BASE).contains(from);
    return BASE.replace(from, to);
  }

  static PolicyDiff diff(String before, String after) {
    try {
      return PolicyDiffer.diff(
          "p.yaml",
          PolicyCompiler.compile(before, "old/p.yaml").policy(),
          PolicyCompiler.compile(after, "new/p.yaml").policy());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static final String TEES = "    tee: [sev-snp, tpm, mock, tdx]\n";

  /** A change, the key (or key prefix) its changes are filed under, and its class. */
  static Stream<Arguments> changes() {
    return Stream.of(
        // --- substrate.snp
        Arguments.of(
            "a VMPL added", edit("vmpl: [0]", "vmpl: [0, 1]"), "substrate.snp.vmpl", WIDENS),
        Arguments.of(
            "the VMPL list removed", edit("      vmpl: [0]\n", ""), "substrate.snp.vmpl", WIDENS),
        Arguments.of(
            "a VMPL replaced", edit("vmpl: [0]", "vmpl: [1]"), "substrate.snp.vmpl", CHANGES),
        Arguments.of(
            "minGuestSvn lowered",
            edit("minGuestSvn: 2", "minGuestSvn: 1"),
            "substrate.snp.minGuestSvn",
            WIDENS),
        Arguments.of(
            "minGuestSvn removed",
            edit("      minGuestSvn: 2\n", ""),
            "substrate.snp.minGuestSvn",
            WIDENS),
        Arguments.of(
            "minGuestSvn raised",
            edit("minGuestSvn: 2", "minGuestSvn: 3"),
            "substrate.snp.minGuestSvn",
            NARROWS),
        Arguments.of(
            "SMT allowed (deny → allow)",
            edit("guestPolicy: {smt: deny, ", "guestPolicy: {smt: allow, "),
            "substrate.snp.guestPolicy.smt",
            WIDENS),
        Arguments.of(
            "a migration agent allowed (default deny → allow)",
            edit("guestPolicy: {smt: deny, ", "guestPolicy: {migrateMa: allow, smt: deny, "),
            "substrate.snp.guestPolicy.migrateMa",
            WIDENS),
        Arguments.of(
            "CXL denied explicitly (the default)",
            edit("guestPolicy: {smt: deny, ", "guestPolicy: {cxlAllow: deny, smt: deny, "),
            "substrate.snp.guestPolicy",
            EQUAL),
        Arguments.of(
            "memAes256Xts optional (require → optional)",
            edit("memAes256Xts: require", "memAes256Xts: optional"),
            "substrate.snp.guestPolicy.memAes256Xts",
            WIDENS),
        Arguments.of(
            "singleSocket required (optional → require)",
            edit("memAes256Xts: require}", "memAes256Xts: require, singleSocket: require}"),
            "substrate.snp.guestPolicy.singleSocket",
            NARROWS),
        Arguments.of(
            "the guest policy removed: SMT back to allowed, AES-256-XTS optional",
            edit("      guestPolicy: {smt: deny, memAes256Xts: require}\n", ""),
            "substrate.snp.guestPolicy",
            WIDENS),
        Arguments.of(
            "an ID key digest added",
            edit("idKeyDigests: [" + K1 + "]", "idKeyDigests: [" + K1 + ", " + K3 + "]"),
            "substrate.snp.idKeyDigests",
            WIDENS),
        Arguments.of(
            "the ID key digests removed",
            edit("      idKeyDigests: [" + K1 + "]\n", ""),
            "substrate.snp.idKeyDigests",
            WIDENS),
        Arguments.of(
            "an author key digest replaced",
            edit("authorKeyDigests: [" + K2 + "]", "authorKeyDigests: [" + K3 + "]"),
            "substrate.snp.authorKeyDigests",
            CHANGES),
        // --- mock, TPM, Confidential Space
        Arguments.of(
            "a published mock key allowed",
            edit(TEES, TEES + "    allowPublishedMockKeys: [weloveblindference]\n"),
            "substrate.allowPublishedMockKeys",
            WIDENS),
        Arguments.of(
            "SHA-1 allowed",
            edit(TEES, TEES + "    allowWeakDigests: [SHA1]\n"),
            "substrate.allowWeakDigests",
            WIDENS),
        Arguments.of(
            "SEV admitted (Confidential Space on SEV)",
            edit("tee: [sev-snp, tpm, mock, tdx]", "tee: [sev-snp, tpm, mock, tdx, sev]"),
            "substrate.tee",
            WIDENS),
        Arguments.of(
            "a TPM PCR pin moved",
            edit("sha256:pcr7: " + P7, "sha256:pcr7: " + P8),
            "measurements.bundles",
            CHANGES),
        Arguments.of(
            "a TPM PCR pin dropped",
            edit("        sha256:pcr7: " + P7 + "\n", ""),
            "measurements.bundles",
            WIDENS),
        Arguments.of(
            "a TPM PCR pinned in addition",
            edit(
                "        sha256:pcr7: " + P7 + "\n",
                "        sha256:pcr7: " + P7 + "\n        sha256:pcr8: " + P8 + "\n"),
            "measurements.bundles",
            NARROWS),
        // --- tcb
        Arguments.of(
            "an SNP minimum TCB component lowered",
            edit("snp: 14", "snp: 13"),
            "tcb.minimum.snp",
            WIDENS),
        Arguments.of(
            "an SNP minimum TCB component raised",
            edit("snp: 14", "snp: 15"),
            "tcb.minimum.snp",
            NARROWS),
        Arguments.of(
            "FMC named in tcb.minimum (Milan and Genoa have none)",
            edit("minimum: {bl: 7,", "minimum: {fmc: 0, bl: 7,"),
            "tcb.minimum.fmc",
            NARROWS),
        Arguments.of(
            "one component lower, another higher",
            edit("snp: 14, ucode: 200", "snp: 13, ucode: 201"),
            "tcb.minimum",
            CHANGES),
        Arguments.of(
            "tcb.minimum removed",
            edit("    minimum: {bl: 7, tee: 0, snp: 14, ucode: 200}\n", ""),
            "tcb.minimum",
            WIDENS),
        Arguments.of(
            "tcb.minimum reordered",
            edit("{bl: 7, tee: 0, snp: 14, ucode: 200}", "{ucode: 200, snp: 14, tee: 0, bl: 7}"),
            "tcb.minimum",
            EQUAL),
        Arguments.of(
            "minEvaluationDataNumber lowered",
            edit("minEvaluationDataNumber: 17", "minEvaluationDataNumber: 16"),
            "tcb.minEvaluationDataNumber",
            WIDENS),
        Arguments.of(
            "minEvaluationDataNumber raised",
            edit("minEvaluationDataNumber: 17", "minEvaluationDataNumber: 18"),
            "tcb.minEvaluationDataNumber",
            NARROWS),
        Arguments.of(
            "minEvaluationDataNumber removed",
            edit("    minEvaluationDataNumber: 17\n", ""),
            "tcb.minEvaluationDataNumber",
            WIDENS),
        // --- workload.imageProvenance
        Arguments.of(
            "a provenance repository added",
            edit(
                "imageProvenance: [https://github.com/org/coordinator]",
                "imageProvenance: [https://github.com/org/coordinator, https://github.com/org/other]"),
            "workload.imageProvenance",
            WIDENS),
        Arguments.of(
            "a repository narrowed to one of its workflows (as strings: one in, one out)",
            edit(
                "imageProvenance: [https://github.com/org/coordinator]",
                "imageProvenance: [https://github.com/org/coordinator/.github/workflows/release.yml]"),
            "workload.imageProvenance",
            CHANGES),
        Arguments.of(
            "the provenance pin removed",
            edit("  workload:\n    imageProvenance: [https://github.com/org/coordinator]\n", ""),
            "workload.imageProvenance",
            WIDENS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void eachChangeHasItsClass(String what, String after, String key, Effect expected) {
    PolicyDiff d = diff(BASE, after);
    assertThat(d.effect()).as(what + ": " + d.changes()).isEqualTo(expected);
    assertThat(d.changes()).as(what).isNotEmpty();
    List<Change> decisive = d.changes().stream().filter(c -> c.effect() != EQUAL).toList();
    // Classified by the key's own rule: never by the guard's "cannot decide".
    assertThat(decisive)
        .as(what + ": " + d.changes())
        .allSatisfy(
            c -> {
              assertThat(c.key()).startsWith(key);
              assertThat(c.summary()).doesNotContain("no diff rule classified");
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void theReverseChangeHasTheReverseClass(String what, String after, String key, Effect e) {
    Effect reverse = e == WIDENS ? NARROWS : e == NARROWS ? WIDENS : e;
    assertThat(diff(after, BASE).effect()).as(what).isEqualTo(reverse);
  }

  @org.junit.jupiter.api.Test
  void aLowerMinimumNamesTheComponentAndTheValuesLetIn() {
    Change c = diff(BASE, edit("snp: 14", "snp: 11")).widening().get(0);
    assertThat(c.summary()).isEqualTo("tcb.minimum.snp: 14 → 11");
    assertThat(c.details()).containsExactly("now accepted: REPORTED_TCB snp SVN 11..13");
  }

  @org.junit.jupiter.api.Test
  void anAllowanceForATeeTheSubstrateDoesNotAdmitSaysSo() {
    String noTpm = BASE.replace("tee: [sev-snp, tpm, mock, tdx]", "tee: [sev-snp, mock, tdx]");
    PolicyDiff d =
        diff(
            noTpm,
            noTpm.replace(
                TEES.replace("tpm, ", ""),
                TEES.replace("tpm, ", "") + "    allowWeakDigests: [SHA1]\n"));
    assertThat(d.effect()).isEqualTo(WIDENS);
    assertThat(d.widening().get(0).details())
        .anyMatch(s -> s.contains("neither version admits TPM 2.0"));
  }
}
