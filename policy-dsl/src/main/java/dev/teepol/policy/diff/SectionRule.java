package dev.teepol.policy.diff;

import dev.teepol.policy.model.Policy;
import java.util.List;

/**
 * The comparison rule of each policy key: a closed set. A key the policy reader accepts without a
 * rule here fails {@code SectionRuleCoverageTest}, so a new section cannot ship without saying how
 * its changes widen or narrow what a policy accepts.
 */
enum SectionRule {
  /** Names, versions, owners: informational, never change what is accepted. */
  METADATA(
      List.of(
          "apiVersion",
          "kind",
          "spec",
          "metadata",
          "metadata.name",
          "metadata.version",
          "metadata.owners",
          "metadata.description"),
      SubstrateDiff::metadata),
  SUBSTRATE_TEE(List.of("substrate.tee"), SubstrateDiff::tee),
  SUBSTRATE_GPU(
      List.of(
          "substrate.gpu",
          "substrate.gpu.required",
          "substrate.gpu.arch",
          "substrate.gpu.count",
          "substrate.gpu.count.min",
          "substrate.gpu.count.max"),
      SubstrateDiff::gpu),
  SUBSTRATE_DEBUG(List.of("substrate.allowDebug"), SubstrateDiff::debug),
  SUBSTRATE_TD_ATTRIBUTES(
      List.of("substrate.allowMissingTdAttributes"), SubstrateDiff::tdAttributes),
  SUBSTRATE_SNP(
      List.of(
          "substrate.snp",
          "substrate.snp.vmpl",
          "substrate.snp.minGuestSvn",
          "substrate.snp.guestPolicy",
          "substrate.snp.guestPolicy.smt",
          "substrate.snp.guestPolicy.migrateMa",
          "substrate.snp.guestPolicy.cxlAllow",
          "substrate.snp.guestPolicy.singleSocket",
          "substrate.snp.guestPolicy.memAes256Xts",
          "substrate.snp.guestPolicy.raplDis",
          "substrate.snp.guestPolicy.ciphertextHidingDram",
          "substrate.snp.guestPolicy.pageSwapDisable",
          "substrate.snp.idKeyDigests",
          "substrate.snp.authorKeyDigests"),
      SnpDiff::snp),
  SUBSTRATE_MOCK_KEYS(List.of("substrate.allowPublishedMockKeys"), SubstrateDiff::mockKeys),
  SUBSTRATE_WEAK_DIGESTS(List.of("substrate.allowWeakDigests"), SubstrateDiff::weakDigests),
  TCB_ALLOW(List.of("tcb.allow"), TcbDiff::allow),
  TCB_ADVISORIES(List.of("tcb.allowAdvisories"), TcbDiff::advisories),
  TCB_EXPIRES(List.of("tcb.expires"), TcbDiff::expires),
  TCB_COLLATERAL_AGE(List.of("tcb.maxCollateralAge"), TcbDiff::collateralAge),
  TCB_GRACE(List.of("tcb.outOfDateGrace"), TcbDiff::grace),
  TCB_APPLIES_TO(List.of("tcb.appliesTo"), TcbDiff::appliesTo),
  TCB_MINIMUM(
      List.of(
          "tcb.minimum",
          "tcb.minimum.fmc",
          "tcb.minimum.bl",
          "tcb.minimum.tee",
          "tcb.minimum.snp",
          "tcb.minimum.ucode"),
      TcbDiff::minimum),
  TCB_EVALUATION_DATA_NUMBER(List.of("tcb.minEvaluationDataNumber"), TcbDiff::evaluationDataNumber),
  MEASUREMENTS(List.of("measurements", "measurements.bundles"), MeasurementsDiff::bundles),
  WORKLOAD(
      List.of(
          "workload",
          "workload.composeHashes",
          "workload.appIds",
          "workload.osImageHashes",
          "workload.instanceIds",
          "workload.imageDigests",
          "workload.imageProvenance"),
      PinsDiff::workload),
  KMS(List.of("kms", "kms.allowedRoots"), PinsDiff::kms),
  SIGNERS(List.of("signers", "signers.allowed", "signers.bindings"), PinsDiff::signers),
  FRESHNESS(List.of("freshness", "freshness.requireNonce"), SubstrateDiff::freshness),
  RULES(List.of("rules", "rules.name", "rules.expression", "rules.message"), RulesDiff::rules),
  OUTPUTS(List.of("outputs"), RulesDiff::outputs);

  /** Compares one part of two policies, adding its changes. */
  @FunctionalInterface
  interface Comparison {
    void compare(Policy before, Policy after, Diffs out);
  }

  private final List<String> keys;
  private final Comparison comparison;

  SectionRule(List<String> keys, Comparison comparison) {
    this.keys = keys;
    this.comparison = comparison;
  }

  /** The policy keys (dotted paths from {@code spec}) this rule classifies. */
  List<String> keys() {
    return keys;
  }

  void compare(Policy before, Policy after, Diffs out) {
    comparison.compare(before, after, out);
  }

  /** Whether some rule classifies {@code key} (or, for a mapping, the keys inside it). */
  static boolean covers(String key) {
    for (SectionRule r : values()) {
      for (String k : r.keys) {
        if (k.equals(key) || k.startsWith(key + ".")) {
          return true;
        }
      }
    }
    return false;
  }
}
