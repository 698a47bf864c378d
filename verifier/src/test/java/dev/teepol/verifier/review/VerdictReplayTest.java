package dev.teepol.verifier.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.verdict.Decision;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.PolicyCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both versions of a policy judge the same appraisals; only decisions that differ are flips. */
class VerdictReplayTest {
  static final Path POLICY = ReviewFixtures.POLICIES.resolve("dstack-app.yaml");
  static final Path SUITE = ReviewFixtures.POLICIES.resolve("dstack-app.tests.yaml");
  static final String OTHER_APP =
      "3763bc34552cf3a27ff71ad5f7a90471562a1a2df552dfc1998cba2d60da27e7";

  static List<ReplayFixture> fixtures(List<String> skipped) throws Exception {
    return new ReplayFixtures(Providers.load(), Limits.DEFAULT)
        .fromSuite(SUITE, Files.readString(SUITE), skipped);
  }

  @Test
  void aWidenedPinFlipsExactlyTheCaseItLetsInAndNamesTheCheck() throws Exception {
    String text = Files.readString(POLICY);
    CompiledPolicy before = PolicyCompiler.compile(text, "old");
    CompiledPolicy after =
        PolicyCompiler.compile(
            text.replace(
                "composeHashes: [86b0e55f2fa8e4fb69d890f14f54d5612707646e2573d54e0d2ddaaade77caa9]",
                "composeHashes: [86b0e55f2fa8e4fb69d890f14f54d5612707646e2573d54e0d2ddaaade77caa9, "
                    + OTHER_APP
                    + "]"),
            "new");
    List<String> skipped = new ArrayList<>();
    List<ReplayFixture> fixtures = fixtures(skipped);
    assertThat(skipped).isEmpty();
    // Every case of the suite, the raw (simulated quote) one included.
    assertThat(fixtures).hasSize(10);
    ReplayReport r = VerdictReplay.replay(before, after, fixtures, skipped);
    assertThat(r.replayed()).isEqualTo(10);
    assertThat(r.flips()).hasSize(1);
    VerdictFlip f = r.flips().get(0);
    assertThat(f.fixture()).contains("compose hash of another app");
    assertThat(f.before()).isEqualTo(Decision.DENY);
    assertThat(f.after()).isEqualTo(Decision.ALLOW);
    assertThat(f.widens()).isTrue();
    assertThat(f.explaining())
        .containsExactly(
            new VerdictFlip.CheckChange(
                "policy.workload.compose_hash", "FAIL", "PASS", f.explaining().get(0).reason()));
    assertThat(r.widening()).hasSize(1);
  }

  @Test
  void aNarrowedPolicyFlipsAllowToDenyAndTheSamePolicyFlipsNothing() throws Exception {
    String text = Files.readString(POLICY);
    CompiledPolicy before = PolicyCompiler.compile(text, "old");
    CompiledPolicy after =
        PolicyCompiler.compile(
            text.replace("  kms:\n", "  freshness: {requireNonce: true}\n  kms:\n"), "new");
    List<String> skipped = new ArrayList<>();
    List<ReplayFixture> fixtures = fixtures(skipped);
    ReplayReport r = VerdictReplay.replay(before, after, fixtures, skipped);
    assertThat(r.flips())
        .hasSize(1)
        .allMatch(f -> f.before() == Decision.ALLOW && f.after() == Decision.DENY);
    assertThat(r.flips().get(0).explaining())
        .extracting(VerdictFlip.CheckChange::id)
        .containsExactly("policy.freshness.nonce");
    assertThat(r.flips().get(0).explaining().get(0).before()).isEqualTo("absent");
    assertThat(r.widening()).isEmpty();
    assertThat(VerdictReplay.replay(before, before, fixtures, skipped).flips()).isEmpty();
  }

  @Test
  void aSuiteThatNoLongerReadsIsSkippedWithWhy() {
    List<String> skipped = new ArrayList<>();
    List<ReplayFixture> f =
        new ReplayFixtures(Providers.load(), Limits.DEFAULT)
            .fromSuite(SUITE, "cases: nope\n", skipped);
    assertThat(f).isEmpty();
    assertThat(skipped).singleElement().asString().contains("suite cannot be read");
  }
}
