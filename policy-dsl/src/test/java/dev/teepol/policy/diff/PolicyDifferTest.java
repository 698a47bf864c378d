package dev.teepol.policy.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.policy.compile.PolicyCompiler;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every classification the issue names is a case here: a change to a policy that uses every
 * section, and the one class (and key) it must get.
 */
class PolicyDifferTest {
  static final String A = "a".repeat(96);
  static final String B = "b".repeat(96);
  static final String C = "c".repeat(96);
  static final String D = "d".repeat(96);
  static final String E = "e".repeat(96);
  static final String ROOT1 = "30" + "1".repeat(60);
  static final String ROOT2 = "30" + "2".repeat(60);

  static final String BASE =
      """
      apiVersion: teepol.dev/v1
      kind: TrustPolicy
      metadata: {name: base, version: 1}
      spec:
        substrate:
          tee: [tdx]
          gpu: {required: true, arch: [HOPPER], count: {min: 1, max: 8}}
        tcb:
          allow: [UpToDate, SWHardeningNeeded]
          allowAdvisories: [INTEL-SA-00615]
          maxCollateralAge: 30d
          outOfDateGrace: 7d
          expires: 2027-01-01
          appliesTo: [tdx, sgx, sev-snp, tpm]
        measurements:
          bundles:
            - name: one
              mrtd: %A
              rtmr0: %B
            - name: two
              mrtd: %C
              rtmr0: %D
        workload:
          composeHashes: [1111111111111111111111111111111111111111111111111111111111111111]
          appIds: [2222222222222222222222222222222222222222]
        kms:
          allowedRoots: [%R1, %R2]
        signers:
          allowed: [3333333333333333333333333333333333333333333333333333333333333333]
          bindings: [report_data]
        freshness: {requireNonce: true}
        rules:
          - name: fresh
            expression: evidence.nonce.matches
          - name: gpus
            expression: size(evidence.gpus) >= 2
          - name: tee-in
            expression: evidence.platform.tee in ['tdx', 'sgx']
        outputs:
          tier: "evidence.platform.tee == 'tdx' ? 2 : 0"
      """
          .replace("%A", A)
          .replace("%B", B)
          .replace("%C", C)
          .replace("%D", D)
          .replace("%R1", ROOT1)
          .replace("%R2", ROOT2);

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

  static String edit(String from, String to) {
    assertThat(BASE).contains(from);
    return BASE.replace(from, to);
  }

  static Stream<Arguments> classified() {
    return Stream.of(
        // --- WIDENS
        Arguments.of(
            "a new measurement bundle",
            edit(
                "    - name: two\n",
                "    - name: three\n        mrtd: "
                    + A
                    + "\n        rtmr0: "
                    + E
                    + "\n      - name: two\n"),
            "measurements.bundles",
            Effect.WIDENS),
        Arguments.of(
            "a bundle no longer pins rtmr0",
            edit("        rtmr0: " + B + "\n", ""),
            "measurements.bundles",
            Effect.WIDENS),
        Arguments.of(
            "OutOfDate added to tcb.allow",
            edit(
                "allow: [UpToDate, SWHardeningNeeded]",
                "allow: [UpToDate, SWHardeningNeeded, OutOfDate]"),
            "tcb.allow",
            Effect.WIDENS),
        Arguments.of(
            "an advisory allowed",
            edit("[INTEL-SA-00615]", "[INTEL-SA-00615, INTEL-SA-01036]"),
            "tcb.allowAdvisories",
            Effect.WIDENS),
        Arguments.of(
            "a TEE added", edit("tee: [tdx]", "tee: [tdx, sgx]"), "substrate.tee", Effect.WIDENS),
        Arguments.of(
            "the TEE claim removed", edit("    tee: [tdx]\n", ""), "substrate.tee", Effect.WIDENS),
        Arguments.of(
            "debug allowed",
            edit("    tee: [tdx]\n", "    tee: [tdx]\n    allowDebug: true\n"),
            "substrate.allowDebug",
            Effect.WIDENS),
        Arguments.of(
            "SEPT_VE_DISABLE may be missing",
            edit(
                "    tee: [tdx]\n",
                "    tee: [tdx]\n    allowMissingTdAttributes: [SEPT_VE_DISABLE]\n"),
            "substrate.allowMissingTdAttributes",
            Effect.WIDENS),
        Arguments.of(
            "GPUs optional",
            edit("required: true", "required: false"),
            "substrate.gpu.required",
            Effect.WIDENS),
        Arguments.of(
            "a GPU architecture added",
            edit("arch: [HOPPER]", "arch: [HOPPER, BLACKWELL]"),
            "substrate.gpu.arch",
            Effect.WIDENS),
        Arguments.of(
            "more GPUs allowed",
            edit("max: 8", "max: 16"),
            "substrate.gpu.count.max",
            Effect.WIDENS),
        Arguments.of(
            "GPU requirements removed",
            edit("    gpu: {required: true, arch: [HOPPER], count: {min: 1, max: 8}}\n", ""),
            "substrate.gpu",
            Effect.WIDENS),
        Arguments.of(
            "older collateral",
            edit("maxCollateralAge: 30d", "maxCollateralAge: 60d"),
            "tcb.maxCollateralAge",
            Effect.WIDENS),
        Arguments.of(
            "collateral age unbounded",
            edit("    maxCollateralAge: 30d\n", ""),
            "tcb.maxCollateralAge",
            Effect.WIDENS),
        Arguments.of(
            "a longer grace period",
            edit("outOfDateGrace: 7d", "outOfDateGrace: 14d"),
            "tcb.outOfDateGrace",
            Effect.WIDENS),
        Arguments.of(
            "allowances expire later",
            edit("expires: 2027-01-01", "expires: 2027-06-30"),
            "tcb.expires",
            Effect.WIDENS),
        Arguments.of(
            "TPM exempt from TCB checks",
            edit("appliesTo: [tdx, sgx, sev-snp, tpm]", "appliesTo: [tdx, sgx, sev-snp]"),
            "tcb.appliesTo",
            Effect.WIDENS),
        Arguments.of(
            "a compose hash added",
            edit(
                "composeHashes: [1111111111111111111111111111111111111111111111111111111111111111]",
                "composeHashes: [1111111111111111111111111111111111111111111111111111111111111111, 4444444444444444444444444444444444444444444444444444444444444444]"),
            "workload.composeHashes",
            Effect.WIDENS),
        Arguments.of(
            "app id pin removed",
            edit("    appIds: [2222222222222222222222222222222222222222]\n", ""),
            "workload.appIds",
            Effect.WIDENS),
        Arguments.of(
            "a signer binding added",
            edit("bindings: [report_data]", "bindings: [report_data, signature]"),
            "signers.bindings",
            Effect.WIDENS),
        Arguments.of(
            "nonce no longer required",
            edit("requireNonce: true", "requireNonce: false"),
            "freshness.requireNonce",
            Effect.WIDENS),
        Arguments.of(
            "a threshold lowered",
            edit("size(evidence.gpus) >= 2", "size(evidence.gpus) >= 1"),
            "rules.gpus",
            Effect.WIDENS),
        Arguments.of(
            "literal list grew",
            edit("['tdx', 'sgx']", "['tdx', 'sgx', 'sev-snp']"),
            "rules.tee-in",
            Effect.WIDENS),
        Arguments.of(
            "a conjunct added",
            BASE.replace(
                "evidence.nonce.matches", "evidence.nonce.matches && evidence.kind == 'dstack'"),
            "rules.fresh",
            Effect.NARROWS),
        Arguments.of(
            "a rule removed",
            edit("    - name: fresh\n      expression: evidence.nonce.matches\n", ""),
            "rules.fresh",
            Effect.WIDENS),
        Arguments.of(
            "an output removed",
            edit("  outputs:\n    tier: \"evidence.platform.tee == 'tdx' ? 2 : 0\"\n", ""),
            "outputs.tier",
            Effect.WIDENS),
        Arguments.of(
            "the measurements section removed",
            BASE.substring(0, BASE.indexOf("  measurements:"))
                + BASE.substring(BASE.indexOf("  workload:")),
            "measurements.bundles",
            Effect.WIDENS),
        // --- NARROWS
        Arguments.of(
            "a KMS root removed",
            edit("[" + ROOT1 + ", " + ROOT2 + "]", "[" + ROOT1 + "]"),
            "kms.allowedRoots",
            Effect.NARROWS),
        Arguments.of(
            "a bundle removed",
            edit("      - name: two\n        mrtd: " + C + "\n        rtmr0: " + D + "\n", ""),
            "measurements.bundles",
            Effect.NARROWS),
        Arguments.of(
            "a bundle pins one more register",
            edit("rtmr0: " + B, "rtmr0: " + B + "\n        rtmr1: " + E),
            "measurements.bundles",
            Effect.NARROWS),
        Arguments.of(
            "SWHardeningNeeded no longer allowed",
            edit("allow: [UpToDate, SWHardeningNeeded]", "allow: [UpToDate]"),
            "tcb.allow",
            Effect.NARROWS),
        Arguments.of(
            "fewer advisories",
            edit("    allowAdvisories: [INTEL-SA-00615]\n", ""),
            "tcb.allowAdvisories",
            Effect.NARROWS),
        Arguments.of(
            "younger collateral",
            edit("maxCollateralAge: 30d", "maxCollateralAge: 7d"),
            "tcb.maxCollateralAge",
            Effect.NARROWS),
        Arguments.of(
            "no grace", edit("    outOfDateGrace: 7d\n", ""), "tcb.outOfDateGrace", Effect.NARROWS),
        Arguments.of(
            "allowances expire sooner",
            edit("expires: 2027-01-01", "expires: 2026-12-01"),
            "tcb.expires",
            Effect.NARROWS),
        Arguments.of(
            "appliesTo removed: every TEE judged",
            edit("    appliesTo: [tdx, sgx, sev-snp, tpm]\n", ""),
            "tcb.appliesTo",
            Effect.NARROWS),
        Arguments.of(
            "at least two GPUs",
            edit("min: 1", "min: 2"),
            "substrate.gpu.count.min",
            Effect.NARROWS),
        Arguments.of(
            "instance ids pinned",
            edit(
                "    appIds: [2222222222222222222222222222222222222222]\n",
                "    appIds: [2222222222222222222222222222222222222222]\n    instanceIds: [5555555555555555555555555555555555555555]\n"),
            "workload.instanceIds",
            Effect.NARROWS),
        Arguments.of(
            "a signer added",
            edit(
                "allowed: [3333333333333333333333333333333333333333333333333333333333333333]",
                "allowed: [3333333333333333333333333333333333333333333333333333333333333333, 6666666666666666666666666666666666666666666666666666666666666666]"),
            "signers.allowed",
            Effect.WIDENS),
        Arguments.of(
            "a threshold raised",
            edit("size(evidence.gpus) >= 2", "size(evidence.gpus) >= 3"),
            "rules.gpus",
            Effect.NARROWS),
        Arguments.of(
            "literal list shrank",
            edit("['tdx', 'sgx']", "['tdx']"),
            "rules.tee-in",
            Effect.NARROWS),
        Arguments.of(
            "a new rule",
            edit(
                "  outputs:\n",
                "    - name: kms\n      expression: evidence.kms.provider == 'kms'\n  outputs:\n"),
            "rules.kms",
            Effect.NARROWS),
        Arguments.of(
            "a new output",
            edit("    tier: ", "    kind: evidence.kind\n    tier: "),
            "outputs.kind",
            Effect.NARROWS),
        Arguments.of(
            "an OS image pinned",
            edit(
                "    appIds: [2222222222222222222222222222222222222222]\n",
                "    appIds: [2222222222222222222222222222222222222222]\n    osImageHashes: [7777777777777777777777777777777777777777777777777777777777777777]\n"),
            "workload.osImageHashes",
            Effect.NARROWS),
        Arguments.of(
            "image digests pinned",
            edit(
                "    appIds: [2222222222222222222222222222222222222222]\n",
                "    appIds: [2222222222222222222222222222222222222222]\n    imageDigests: ['sha256:8888888888888888888888888888888888888888888888888888888888888888']\n"),
            "workload.imageDigests",
            Effect.NARROWS),
        Arguments.of(
            "the signer list removed",
            edit(
                    "    allowed: [3333333333333333333333333333333333333333333333333333333333333333]\n    bindings: [report_data]\n",
                    "")
                .replace("  signers:\n", ""),
            "signers.allowed",
            Effect.WIDENS),
        // --- CHANGES
        Arguments.of(
            "the TEE swapped", edit("tee: [tdx]", "tee: [sgx]"), "substrate.tee", Effect.CHANGES),
        Arguments.of(
            "a bundle register moved",
            edit("rtmr0: " + B, "rtmr0: " + E),
            "measurements.bundles",
            Effect.CHANGES),
        Arguments.of(
            "a lower bound turned into an equality",
            edit("size(evidence.gpus) >= 2", "size(evidence.gpus) == 4"),
            "rules.gpus",
            Effect.UNDECIDED),
        // --- cannot decide
        Arguments.of(
            "an unrelated expression",
            edit("expression: evidence.nonce.matches", "expression: evidence.kind == 'dstack'"),
            "rules.fresh",
            Effect.UNDECIDED),
        Arguments.of(
            "an output changed", edit("? 2 : 0", "? 3 : 0"), "outputs.tier", Effect.UNDECIDED));
  }

  /** Every key a case produced a change for: each section rule must be exercised. */
  static final java.util.Set<String> SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @org.junit.jupiter.api.AfterAll
  static void everySectionRuleHasATest() {
    for (SectionRule r : SectionRule.values()) {
      boolean exercised =
          SEEN.stream()
              .anyMatch(k -> r.keys().stream().anyMatch(x -> k.equals(x) || k.startsWith(x + ".")));
      assertThat(exercised).as(r + " has no case in PolicyDifferTest").isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("classified")
  void eachChangeHasItsClass(String what, String after, String key, Effect expected) {
    PolicyDiff d = diff(BASE, after);
    d.changes().forEach(c -> SEEN.add(c.key()));
    List<Change> decisive = d.changes().stream().filter(c -> c.effect() != Effect.EQUAL).toList();
    if (expected == Effect.EQUAL) {
      assertThat(decisive).as(what).isEmpty();
      return;
    }
    assertThat(decisive).as(what + ": " + d.changes()).hasSize(1);
    assertThat(decisive.get(0).key()).as(what).isEqualTo(key);
    assertThat(decisive.get(0).effect()).as(what + ": " + decisive.get(0)).isEqualTo(expected);
    assertThat(d.effect()).isEqualTo(expected);
  }

  /** The SEV-SNP, TPM, mock, Confidential Space and Sigstore keys, on their own base policy. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.teepol.policy.diff.SnpTpmDiffTest#changes")
  void eachNewKeyChangeHasItsClass(String what, String after, String key, Effect expected) {
    PolicyDiff d = SnpTpmDiffTest.diff(SnpTpmDiffTest.BASE, after);
    d.changes().forEach(c -> SEEN.add(c.key()));
    assertThat(d.effect()).as(what + ": " + d.changes()).isEqualTo(expected);
  }

  static Stream<Arguments> equal() {
    return Stream.of(
        Arguments.of(
            "comments and blank lines", BASE.replace("  tcb:\n", "  # the TCB\n\n  tcb:\n")),
        Arguments.of("re-cased hex", edit("mrtd: " + A, "mrtd: " + A.toUpperCase())),
        Arguments.of("flow vs block style", edit("tee: [tdx]", "tee:\n      - tdx")),
        Arguments.of(
            "reordered bundles",
            edit(
                "      - name: one\n        mrtd: "
                    + A
                    + "\n        rtmr0: "
                    + B
                    + "\n      - name: two\n        mrtd: "
                    + C
                    + "\n        rtmr0: "
                    + D
                    + "\n",
                "      - name: two\n        mrtd: "
                    + C
                    + "\n        rtmr0: "
                    + D
                    + "\n      - name: one\n        mrtd: "
                    + A
                    + "\n        rtmr0: "
                    + B
                    + "\n")),
        Arguments.of("a renamed bundle", edit("name: one", "name: first")),
        Arguments.of(
            "a renamed rule with the same expression", edit("name: fresh", "name: nonce-matches")),
        Arguments.of(
            "the same expression spelled differently", edit("['tdx', 'sgx']", "[\"tdx\",\"sgx\"]")),
        Arguments.of(
            "conjuncts reordered",
            BASE.replace(
                "expression: evidence.nonce.matches",
                "expression: evidence.nonce.matches && evidence.kind != ''")),
        Arguments.of(
            "reordered allowlist",
            edit("[" + ROOT1 + ", " + ROOT2 + "]", "[" + ROOT2 + ", " + ROOT1 + "]")),
        Arguments.of(
            "0x prefix on a pin",
            edit(
                "appIds: [2222222222222222222222222222222222222222]",
                "appIds: ['0x2222222222222222222222222222222222222222']")),
        Arguments.of("metadata version bump", edit("version: 1", "version: 2")),
        Arguments.of(
            "durations spelled differently",
            edit("maxCollateralAge: 30d", "maxCollateralAge: P30D")),
        Arguments.of(
            "appliesTo spelled with other vendor TEEs",
            edit("appliesTo: [tdx, sgx, sev-snp, tpm]", "appliesTo: [tdx, tpm]")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("equal")
  void equalChangesAreEqual(String what, String after) {
    if (what.equals("conjuncts reordered")) {
      // Compare a && b with b && a, not with the base.
      String a = after;
      String b =
          after.replace(
              "evidence.nonce.matches && evidence.kind != ''",
              "evidence.kind != '' && evidence.nonce.matches");
      assertThat(diff(a, b).effect()).as(what).isEqualTo(Effect.EQUAL);
      return;
    }
    PolicyDiff d = diff(BASE, after);
    d.changes().forEach(c -> SEEN.add(c.key()));
    assertThat(d.effect()).as(what + ": " + d.changes()).isEqualTo(Effect.EQUAL);
    assertThat(d.changes()).as(what).isNotEmpty();
  }

  @Test
  void aNewBundleSaysWhichRegistersDifferFromTheClosestBundle() {
    PolicyDiff d =
        diff(
            BASE,
            edit(
                "    - name: two\n",
                "    - name: three\n        mrtd: "
                    + A
                    + "\n        rtmr0: "
                    + E
                    + "\n      - name: two\n"));
    Change c = d.widening().get(0);
    assertThat(c.summary()).contains("new bundle 'three'");
    assertThat(c.details())
        .contains("closest existing bundle: 'one'")
        .anyMatch(s -> s.startsWith("rtmr0: bbbbbbbb…bbbb → eeeeeeee…eeee"));
    assertThat(c.at()).isPresent();
  }

  @Test
  void outOfDateNamesTheAdvisoriesThatBecomeAcceptable() {
    Change c =
        diff(
                BASE,
                edit(
                    "allow: [UpToDate, SWHardeningNeeded]",
                    "allow: [UpToDate, SWHardeningNeeded, OutOfDate]"))
            .widening()
            .get(0);
    assertThat(c.details()).anyMatch(s -> s.contains("OutOfDate") && s.contains("INTEL-SA-00615"));
  }

  @Test
  void theSameInputIsEqualWithNoChanges() {
    assertThat(diff(BASE, BASE).changes()).isEmpty();
  }

  @Test
  void addedAndRemovedPolicies() throws Exception {
    var p = PolicyCompiler.compile(BASE, "p.yaml").policy();
    assertThat(PolicyDiffer.added("p.yaml", p).effect()).isEqualTo(Effect.WIDENS);
    assertThat(PolicyDiffer.removed("p.yaml", p).effect()).isEqualTo(Effect.NARROWS);
  }

  @Test
  void effectsCombine() {
    assertThat(Effect.WIDENS.and(Effect.NARROWS)).isEqualTo(Effect.CHANGES);
    assertThat(Effect.EQUAL.and(Effect.NARROWS)).isEqualTo(Effect.NARROWS);
    assertThat(Effect.NARROWS.and(Effect.UNDECIDED)).isEqualTo(Effect.UNDECIDED);
    assertThat(Effect.UNDECIDED.mayWiden()).isTrue();
    assertThat(Effect.NARROWS.mayWiden()).isFalse();
  }
}
