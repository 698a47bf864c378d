package dev.teepol.providers.tdx;

import static dev.teepol.providers.tdx.SimAppraisal.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import dev.teepol.providers.tdx.sim.Breakage;
import dev.teepol.providers.tdx.sim.CollateralLayout;
import dev.teepol.providers.tdx.sim.CollateralWindow;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TDX module's own TCB level, the per-component statuses, and the verifier's caches of PCK
 * chains and verified collateral: a cached result must never answer for other evidence or outlive
 * the documents it was verified from (each test kills a PIT mutant that survived the others).
 */
class DcapJudgementAndCacheTest {
  @TempDir Path tmp;

  /** Appraises with {@code provider}, so its caches carry over from one call to the next. */
  private Appraisal appraise(TdxProvider provider, SimulatedDcap sim, Instant at)
      throws IOException {
    Path dir = Files.createTempDirectory(tmp, "dcap");
    sim.writeTo(dir);
    AppraisalContext ctx =
        AppraisalContext.offline(Clock.fixed(at, ZoneOffset.UTC))
            .withCollateral(
                new DirectoryCollateralSource(
                    dir.resolve(CollateralLayout.COLLATERAL_DIR), Limits.DEFAULT))
            .withTrustAnchors(
                TrustAnchors.defaults().with(TrustAnchors.INTEL_SGX_ROOT, List.of(sim.root())));
    return provider.appraise(new EvidenceSource("simulated quote", sim.quote()), ctx);
  }

  private static Set<String> failed(Appraisal a) {
    return a.checks().stream()
        .filter(c -> c.outcome() instanceof Outcome.Fail)
        .map(CheckResult::id)
        .collect(Collectors.toSet());
  }

  @Test
  void validEvidenceReportsEachComponentsStatus() throws IOException {
    Appraisal a =
        appraise(
            new TdxProvider(), DcapSimulator.builder().build().generate(), DcapSimulator.VERIFY_AT);
    assertThat(failed(a)).as(describe(a)).isEmpty();
    assertThat(a.evidence().platform().tcb().components())
        .isEqualTo(Map.of("platform", "UpToDate", "qe", "UpToDate", "tdx_module", "UpToDate"));
  }

  /**
   * TCB info v3 judges the TDX module by its identity's levels: SVN 6 below a level that needs 7
   * falls to the OutOfDate level (SVN 4), and that status wins over an UpToDate platform.
   */
  @Test
  void aModuleBelowItsIdentitysUpToDateLevelIsOutOfDate() throws IOException {
    SimulatedDcap sim =
        DcapSimulator.builder()
            .editTcbInfoBody(b -> b.replace("\"isvsvn\":6", "\"isvsvn\":7"))
            .build()
            .generate();
    Appraisal a = appraise(new TdxProvider(), sim, DcapSimulator.VERIFY_AT);
    assertThat(failed(a)).as(describe(a)).isEmpty();
    assertThat(a.evidence().platform().tcb().status()).isEqualTo("OutOfDate");
    assertThat(a.evidence().platform().tcb().advisoryIds()).contains("INTEL-SA-01036");
    assertThat(a.evidence().platform().tcb().components())
        .isEqualTo(Map.of("platform", "UpToDate", "qe", "UpToDate", "tdx_module", "OutOfDate"));
  }

  @Test
  void aModuleBelowEveryLevelOfItsIdentityFailsItsTcbLevel() throws IOException {
    SimulatedDcap sim =
        DcapSimulator.builder()
            .editTcbInfoBody(
                b ->
                    b.replace("\"isvsvn\":6", "\"isvsvn\":9")
                        .replace("\"isvsvn\":4", "\"isvsvn\":8"))
            .build()
            .generate();
    Appraisal a = appraise(new TdxProvider(), sim, DcapSimulator.VERIFY_AT);
    assertThat(failed(a)).as(describe(a)).isEqualTo(Set.of(TdxChecks.TDX_MODULE_TCB_LEVEL));
    assertThat(a.evidence().platform().tcb().status()).isEmpty();
  }

  /**
   * Only TCB info versions 2 and 3 are read; a validly signed version 4 is refused, not guessed.
   */
  @Test
  void anUnsupportedTcbInfoVersionIsRefused() throws IOException {
    SimulatedDcap sim =
        DcapSimulator.builder()
            .editTcbInfoBody(b -> b.replace("\"version\":3", "\"version\":4"))
            .build()
            .generate();
    Appraisal a = appraise(new TdxProvider(), sim, DcapSimulator.VERIFY_AT);
    assertThat(failed(a)).as(describe(a)).contains(TdxChecks.TCB_INFO_SIGNATURE);
    assertThat(a.check(TdxChecks.TCB_INFO_SIGNATURE).orElseThrow().explanation())
        .contains("unsupported TCB info version 4");
  }

  /**
   * A chain cached for one quote must not answer for another quote's chain: the second quote
   * carries a chain to a rogue root with the same names.
   */
  @Test
  void aCachedPckChainDoesNotAnswerForAnotherQuotesChain() throws IOException {
    TdxProvider provider = new TdxProvider();
    Appraisal good =
        appraise(provider, DcapSimulator.builder().build().generate(), DcapSimulator.VERIFY_AT);
    assertThat(failed(good)).as(describe(good)).isEmpty();
    Appraisal rogue =
        appraise(
            provider,
            DcapSimulator.builder().breakage(Breakage.PCK_CHAIN_UNTRUSTED_ROOT).build().generate(),
            DcapSimulator.VERIFY_AT);
    assertThat(failed(rogue)).as(describe(rogue)).contains(TdxChecks.PCK_CHAIN);
  }

  /**
   * One document stops being current before the others: the appraisal says so in validUntil, and
   * the verified collateral cached at the first appraisal is not reused after that instant (nor
   * before the latest issue date).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        CollateralLayout.ROOT_CA_CRL,
        CollateralLayout.PCK_CRL,
        CollateralLayout.TCB_INFO,
        CollateralLayout.QE_IDENTITY
      })
  void cachedCollateralLivesOnlyAsLongAsItsShortestDocument(String document) throws IOException {
    Instant issued = Instant.parse("2024-12-28T00:00:00Z");
    Instant next = Instant.parse("2025-01-05T00:00:00Z");
    SimulatedDcap sim =
        DcapSimulator.builder()
            .window(document, new CollateralWindow(issued, next))
            .build()
            .generate();
    TdxProvider provider = new TdxProvider();
    Appraisal first = appraise(provider, sim, DcapSimulator.VERIFY_AT);
    assertThat(failed(first)).as(describe(first)).isEmpty();
    assertThat(first.validUntil()).contains(next);

    Appraisal later = appraise(provider, sim, Instant.parse("2025-01-08T00:00:00Z"));
    assertThat(failed(later)).as(describe(later)).isNotEmpty();
    Appraisal earlier = appraise(provider, sim, Instant.parse("2024-12-20T00:00:00Z"));
    assertThat(failed(earlier)).as(describe(earlier)).isNotEmpty();
    assertThat(appraise(provider, sim, DcapSimulator.VERIFY_AT).checks())
        .allMatch(CheckResult::passed);
  }
}
