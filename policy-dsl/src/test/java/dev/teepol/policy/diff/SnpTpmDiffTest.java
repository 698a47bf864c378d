package dev.teepol.policy.diff;

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
        workload:
          imageProvenance: [https://github.com/org/coordinator]
      """
          .replace("%K1", K1)
          .replace("%K2", K2);

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

  /** A change and the key it is about; each accepts other evidence than before. */
  static Stream<Arguments> changes() {
    return Stream.of(
        Arguments.of("vmpl added", edit("vmpl: [0]", "vmpl: [0, 1]"), "substrate.snp.vmpl"),
        Arguments.of(
            "minGuestSvn lowered", edit("minGuestSvn: 2", "minGuestSvn: 1"), "substrate.snp"),
        Arguments.of(
            "smt allowed",
            edit("guestPolicy: {smt: deny, ", "guestPolicy: {smt: allow, "),
            "substrate.snp.guestPolicy"),
        Arguments.of(
            "memAes256Xts optional",
            edit("memAes256Xts: require", "memAes256Xts: optional"),
            "substrate.snp.guestPolicy"),
        Arguments.of(
            "an ID key digest added",
            edit("idKeyDigests: [" + K1 + "]", "idKeyDigests: [" + K1 + ", " + K3 + "]"),
            "substrate.snp.idKeyDigests"),
        Arguments.of(
            "an author key digest replaced",
            edit("authorKeyDigests: [" + K2 + "]", "authorKeyDigests: [" + K3 + "]"),
            "substrate.snp.authorKeyDigests"),
        Arguments.of(
            "a published mock key allowed",
            edit(
                "    tee: [sev-snp, tpm, mock, tdx]\n",
                "    tee: [sev-snp, tpm, mock, tdx]\n    allowPublishedMockKeys: [weloveblindference]\n"),
            "substrate.allowPublishedMockKeys"),
        Arguments.of(
            "SHA-1 allowed",
            edit(
                "    tee: [sev-snp, tpm, mock, tdx]\n",
                "    tee: [sev-snp, tpm, mock, tdx]\n    allowWeakDigests: [SHA1]\n"),
            "substrate.allowWeakDigests"),
        Arguments.of(
            "an SNP minimum TCB component lowered", edit("snp: 14", "snp: 13"), "tcb.minimum"),
        Arguments.of(
            "tcb.minimum removed",
            edit("    minimum: {bl: 7, tee: 0, snp: 14, ucode: 200}\n", ""),
            "tcb.minimum"),
        Arguments.of(
            "minEvaluationDataNumber lowered",
            edit("minEvaluationDataNumber: 17", "minEvaluationDataNumber: 16"),
            "tcb.minEvaluationDataNumber"),
        Arguments.of(
            "a provenance repository added",
            edit(
                "imageProvenance: [https://github.com/org/coordinator]",
                "imageProvenance: [https://github.com/org/coordinator, https://github.com/org/other]"),
            "workload.imageProvenance"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void aChangeToANewKeyIsNeverEqual(String what, String after, String key) {
    PolicyDiff d = diff(BASE, after);
    assertThat(d.effect()).as(what + ": " + d.changes()).isNotEqualTo(Effect.EQUAL);
    assertThat(d.effect().mayWiden()).as(what + ": " + d.changes()).isTrue();
    assertThat(d.widening()).as(what).allMatch(c -> c.key().startsWith(key.split("\\.")[0]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void theReverseChangeIsNeverEqualEither(String what, String after, String key) {
    assertThat(diff(after, BASE).effect()).as(what).isNotEqualTo(Effect.EQUAL);
  }

  static List<String> keys() {
    return changes().map(a -> (String) a.get()[2]).toList();
  }
}
