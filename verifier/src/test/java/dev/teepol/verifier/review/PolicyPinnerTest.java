package dev.teepol.verifier.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.verdict.Decision;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.diff.Effect;
import dev.teepol.policy.diff.PolicyDiff;
import dev.teepol.policy.diff.PolicyDiffer;
import dev.teepol.verifier.TeepolVerifier;
import java.nio.file.Files;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** teepol pin on the simulated TDX evidence: only proven values, refusals, in-place updates. */
class PolicyPinnerTest {
  static final String EXISTING =
      """
      # The platform team's policy: comments and key order must survive a pin.
      apiVersion: teepol.dev/v1
      kind: TrustPolicy
      metadata:
        name: my-service
        version: 4
      spec:
        substrate:
          tee: [tdx]   # TDX only
        measurements:
          bundles:
            # release 1.0
            - name: release-1.0
              mrtd: %s
              rtmr0: %s
        # the end
      """
          .formatted("a".repeat(96), "b".repeat(96));

  @Test
  void theObservedValuesAreTheProvenIdentityRegisters() throws Exception {
    Observed o = ReviewFixtures.observe(ReviewFixtures.TDX.resolve("quote.bin"));
    assertThat(o.failing()).isEmpty();
    assertThat(o.tee()).isEqualTo("tdx");
    assertThat(o.registers().keySet()).startsWith("mrtd", "rtmr0", "rtmr1", "rtmr2", "rtmr3");
    assertThat(o.registers()).doesNotContainKeys("td_attributes", "xfam", "mr_seam");
    assertThat(o.sha256()).hasSize(64);
  }

  @Test
  void aBootstrappedPolicyCompilesAndAllowsTheEvidenceItWasPinnedFrom() throws Exception {
    Observed o = ReviewFixtures.observe(ReviewFixtures.TDX.resolve("quote.bin"));
    String text = PolicyPinner.bootstrap("pinned", List.of(o), Optional.empty());
    assertThat(text)
        .contains(
            "# pinned by teepol pin from quote.bin (sha256 "
                + o.sha256()
                + ") verified 2025-01-01T00:00:00Z");
    CompiledPolicy p = PolicyCompiler.compile(text, "pinned.yaml");
    try (TeepolVerifier v =
        TeepolVerifier.builder()
            .policy(p, "pinned.yaml")
            .collateralDirectory(ReviewFixtures.TDX.resolve("collateral"))
            .trustAnchor(ReviewFixtures.TDX.resolve("root_ca.der"))
            .clock(Clock.fixed(ReviewFixtures.AT, ZoneOffset.UTC))
            .build()) {
      var r = v.verify(Files.readAllBytes(ReviewFixtures.TDX.resolve("quote.bin")));
      assertThat(r.decision()).isEqualTo(Decision.ALLOW);
      var debug =
          v.verify(Files.readAllBytes(ReviewFixtures.TDX.resolve("broken/debug-td/quote.bin")));
      assertThat(debug.decision()).isEqualTo(Decision.DENY);
    }
  }

  @Test
  void evidenceWhoseChecksFailIsRefusedUnlessAReasonIsGiven() throws Exception {
    Observed debug =
        ReviewFixtures.observe(ReviewFixtures.TDX.resolve("broken/debug-td/quote.bin"));
    assertThat(debug.failing()).extracting(c -> c.id()).contains("policy.platform.not_debug");
    assertThatThrownBy(() -> PolicyPinner.refuseFailing(List.of(debug), Optional.empty()))
        .isInstanceOf(PinException.class)
        .hasMessageContaining("policy.platform.not_debug")
        .hasMessageContaining("--accept-failing");
    assertThatThrownBy(() -> PolicyPinner.refuseFailing(List.of(debug), Optional.of("  ")))
        .isInstanceOf(PinException.class);
    PolicyPinner.refuseFailing(List.of(debug), Optional.of("staging image, debug on purpose"));
    String text =
        PolicyPinner.bootstrap(
            "dbg", List.of(debug), Optional.of("staging image, debug on purpose"));
    assertThat(text)
        .contains(
            "ACCEPTED WITH FAILING CHECKS [policy.platform.not_debug]: staging image, debug on purpose");
    Observed badSig =
        ReviewFixtures.observe(ReviewFixtures.TDX.resolve("broken/quote-bad-signature/quote.bin"));
    assertThat(badSig.failing()).extracting(c -> c.id()).contains("tdx.quote.signature");
  }

  @Test
  void updatingAPolicyAddsOneBundleKeepsCommentsAndDiffsAsExactlyOneWidening() throws Exception {
    Observed o = ReviewFixtures.observe(ReviewFixtures.TDX.resolve("quote.bin"));
    PolicyPinner.Update u =
        PolicyPinner.into(EXISTING, "my-service.yaml", List.of(o), Optional.empty());
    assertThat(u.text()).startsWith(EXISTING.substring(0, EXISTING.indexOf("        rtmr0: ")));
    assertThat(u.text())
        .contains(
            "# The platform team's policy", "tee: [tdx]   # TDX only", "# release 1.0", "# the end")
        .contains("      - name: tdx-" + o.sha256().substring(0, 8));
    assertThat(u.added()).hasSize(1);
    PolicyDiff d =
        PolicyDiffer.diff(
            "my-service.yaml",
            PolicyCompiler.compile(EXISTING, "old").policy(),
            PolicyCompiler.compile(u.text(), "new").policy());
    assertThat(d.widening()).hasSize(1);
    assertThat(d.widening().get(0).effect()).isEqualTo(Effect.WIDENS);
    assertThat(d.widening().get(0).key()).isEqualTo("measurements.bundles");
    assertThat(d.changes()).hasSize(1);
    // Pinning the same evidence again adds nothing.
    PolicyPinner.Update again =
        PolicyPinner.into(u.text(), "my-service.yaml", List.of(o), Optional.empty());
    assertThat(again.text()).isEqualTo(u.text());
    assertThat(again.notes()).anyMatch(n -> n.contains("already accepted by bundle"));
  }

  @Test
  void listsInFlowAndBlockStyleAreExtendedInPlace() throws Exception {
    String policy =
        """
        apiVersion: teepol.dev/v1
        kind: TrustPolicy
        metadata: {name: s}
        spec:
          workload:
            composeHashes: [%s]  # v1
            appIds:
              - %s
          kms:
            allowedRoots: [%s]
        """
            .formatted("1".repeat(64), "2".repeat(40), "30" + "3".repeat(60));
    Observed o =
        new Observed(
            "dstack.json",
            "f".repeat(64),
            ReviewFixtures.AT,
            "tdx",
            java.util.Map.of(),
            new java.util.LinkedHashMap<>(
                java.util.Map.of(
                    "workload.composeHashes", List.of("4".repeat(64)),
                    "workload.appIds", List.of("5".repeat(40)))),
            List.of(),
            List.of(),
            List.of());
    PolicyPinner.Update u = PolicyPinner.into(policy, "s.yaml", List.of(o), Optional.empty());
    assertThat(u.text())
        .contains("composeHashes: [" + "1".repeat(64) + ", " + "4".repeat(64) + "]  # v1");
    assertThat(u.text())
        .contains("      - " + "2".repeat(40) + "\n      # pinned by teepol pin from dstack.json")
        .contains("      - " + "5".repeat(40));
    PolicyDiff d =
        PolicyDiffer.diff(
            "s.yaml",
            PolicyCompiler.compile(policy, "old").policy(),
            PolicyCompiler.compile(u.text(), "new").policy());
    assertThat(d.widening())
        .extracting(c -> c.key())
        .containsExactlyInAnyOrder("workload.composeHashes", "workload.appIds");
  }
}
