package dev.teepol.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.Provenance;
import dev.teepol.core.evidence.Workload;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.eval.PolicyEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code workload.imageProvenance}: every image digest another provider proved (a Confidential
 * Space token's, say) must be the subject of a verified provenance from a pinned repository or
 * workflow (the Darkbloom coordinator's check).
 */
class ImageProvenancePolicyTest {
  static final String IMAGE = "sha256:" + "ab".repeat(32);
  static final String REPO = "https://github.com/example/coordinator";
  static final String WORKFLOW = REPO + "/.github/workflows/release.yml";

  static CompiledPolicy policy(String pins) throws Exception {
    return PolicyCompiler.compile(
        "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: t}\nspec:\n"
            + "  workload:\n    imageProvenance: "
            + pins
            + "\n",
        "t.yaml");
  }

  static Appraisal evidence(String image, Binding imageBinding, Provenance... provenance) {
    Evidence base = Fixtures.evidence("tdx", "UpToDate", List.of(), Binding.HARDWARE, false);
    Map<String, Binding> bound = new LinkedHashMap<>(base.bound());
    bound.put("workload.image_digests", imageBinding);
    Evidence e =
        base.toBuilder()
            .workload(
                new Workload("", "", "", "", "", "", image.isEmpty() ? List.of() : List.of(image)))
            .provenance(List.of(provenance))
            .bound(bound)
            .build();
    return new Appraisal(
        e, List.of(CheckResult.pass("cs.token.signature", CheckCategory.SIGNATURE, "ok")));
  }

  static Provenance release(String digest, String repo, boolean verified) {
    return new Provenance(
        "https://slsa.dev/provenance/v1",
        repo,
        ".github/workflows/release.yml@refs/tags/v1.0.0",
        "c0ffee",
        digest,
        "https://token.actions.githubusercontent.com",
        verified);
  }

  static CheckResult check(CompiledPolicy p, Appraisal a) {
    Verdict v = PolicyEngine.evaluate(p, a, Fixtures.NOW);
    return v.checks().stream()
        .filter(c -> c.id().equals("policy.workload.image_provenance"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anImageWhoseDigestIsAVerifiedSubjectOfThePinnedRepositoryPasses() throws Exception {
    assertThat(
            check(
                    policy("[" + REPO + "]"),
                    evidence(IMAGE, Binding.SIGNATURE, release(IMAGE, REPO, true)))
                .passed())
        .isTrue();
    assertThat(
            check(
                    policy("[" + WORKFLOW + "]"),
                    evidence(IMAGE, Binding.SIGNATURE, release(IMAGE, REPO, true)))
                .passed())
        .isTrue();
  }

  @Test
  void everyWayOfNotBeingVouchedForFailsAndSaysWhich() throws Exception {
    CompiledPolicy p = policy("[" + REPO + "]");
    String other = "sha256:" + "cd".repeat(32);
    assertThat(
            check(p, evidence(other, Binding.SIGNATURE, release(IMAGE, REPO, true))).explanation())
        .contains("subject of no provenance");
    assertThat(
            check(p, evidence(IMAGE, Binding.SIGNATURE, release(IMAGE, REPO, false))).explanation())
        .contains("did not verify");
    assertThat(
            check(
                    p,
                    evidence(
                        IMAGE,
                        Binding.SIGNATURE,
                        release(IMAGE, "https://github.com/attacker/coordinator", true)))
                .explanation())
        .contains("not by a pinned repository");
    assertThat(check(p, evidence("", Binding.SIGNATURE, release(IMAGE, REPO, true))).explanation())
        .contains("no proven image digest");
    assertThat(
            check(p, evidence(IMAGE, Binding.SELF_REPORTED, release(IMAGE, REPO, true)))
                .explanation())
        .contains("self_reported");
    // A workflow pin is that workflow, not a prefix of another one.
    CompiledPolicy workflow = policy("[" + REPO + "/.github/workflows/rel]");
    assertThat(
            check(workflow, evidence(IMAGE, Binding.SIGNATURE, release(IMAGE, REPO, true)))
                .passed())
        .isFalse();
  }
}
