package dev.teepol.providers.tdx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import dev.teepol.providers.tdx.sim.Breakage;
import dev.teepol.providers.tdx.sim.CollateralLayout;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import dev.teepol.providers.tdx.sim.TdBodyType;
import dev.teepol.providers.testsupport.StrictPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DCAP verifier against the project's own simulator: valid evidence passes every check, and
 * each {@link Breakage} fails the check that names it (plus, where the verifier cannot tell the
 * defects apart, the checks listed here as consequences) and is denied by the baseline.
 */
class TdxSimulatedEvidenceTest {
  /** The checks that FAIL for each breakage; every other check passes or is UNEVALUABLE. */
  private static final Map<Breakage, Set<String>> FAILS =
      Map.ofEntries(
          Map.entry(Breakage.QUOTE_BAD_SIGNATURE, Set.of(TdxChecks.QUOTE_SIGNATURE)),
          Map.entry(Breakage.QE_REPORT_BAD_SIGNATURE, Set.of(TdxChecks.QE_REPORT_SIGNATURE)),
          Map.entry(Breakage.QE_REPORT_NOT_BINDING_ATT_KEY, Set.of(TdxChecks.QE_REPORT_BINDING)),
          Map.entry(Breakage.QE_REPORT_DATA_UPPER_HALF_SET, Set.of(TdxChecks.QE_REPORT_BINDING)),
          // The PCK CRL is checked against the intermediate the quote carries, which is the rogue
          // one.
          Map.entry(
              Breakage.PCK_CHAIN_UNTRUSTED_ROOT, Set.of(TdxChecks.PCK_CHAIN, TdxChecks.PCK_CRL)),
          Map.entry(Breakage.PCK_REVOKED, Set.of(TdxChecks.REVOCATION)),
          Map.entry(Breakage.INTERMEDIATE_REVOKED, Set.of(TdxChecks.REVOCATION)),
          Map.entry(Breakage.PCK_CRL_BAD_SIGNATURE, Set.of(TdxChecks.PCK_CRL)),
          Map.entry(Breakage.ROOT_CA_CRL_BAD_SIGNATURE, Set.of(TdxChecks.ROOT_CA_CRL)),
          Map.entry(Breakage.PCK_CRL_EXPIRED, Set.of(TdxChecks.PCK_CRL)),
          Map.entry(Breakage.TCB_INFO_BAD_SIGNATURE, Set.of(TdxChecks.TCB_INFO_SIGNATURE)),
          Map.entry(Breakage.TCB_INFO_EXPIRED, Set.of(TdxChecks.TCB_INFO_FRESH)),
          Map.entry(Breakage.QE_IDENTITY_BAD_SIGNATURE, Set.of(TdxChecks.QE_IDENTITY_SIGNATURE)),
          Map.entry(Breakage.QE_IDENTITY_EXPIRED, Set.of(TdxChecks.QE_IDENTITY_FRESH)),
          Map.entry(Breakage.WRONG_FMSPC, Set.of(TdxChecks.TCB_INFO_PLATFORM)),
          Map.entry(Breakage.QE_MRSIGNER_MISMATCH, Set.of(TdxChecks.QE_IDENTITY_MATCH)),
          Map.entry(Breakage.QE_MISCSELECT_MISMATCH, Set.of(TdxChecks.QE_IDENTITY_MATCH)),
          // A matched OutOfDate level is a fact, not a defect: the provider passes, the baseline
          // denies.
          Map.entry(Breakage.TCB_OUT_OF_DATE, Set.of()),
          Map.entry(Breakage.TDX_MODULE_MRSIGNER_MISMATCH, Set.of(TdxChecks.TDX_MODULE_IDENTITY)),
          // The provider reports debug in evidence.platform.debug; no provider check covers it.
          Map.entry(Breakage.DEBUG_TD, Set.of()));

  /** Every provider check the valid evidence must carry (nonce check only with a nonce). */
  private static final Set<String> ALL_CHECKS =
      Set.of(
          TdxChecks.PARSE,
          TdxChecks.CERTIFICATION_DATA,
          TdxChecks.QUOTE_SIGNATURE,
          TdxChecks.QE_REPORT_SIGNATURE,
          TdxChecks.QE_REPORT_BINDING,
          TdxChecks.PCK_CHAIN,
          TdxChecks.PCK_EXTENSIONS,
          TdxChecks.ROOT_CA_CRL,
          TdxChecks.PCK_CRL,
          TdxChecks.REVOCATION,
          TdxChecks.TCB_INFO_SIGNATURE,
          TdxChecks.TCB_INFO_FRESH,
          TdxChecks.QE_IDENTITY_SIGNATURE,
          TdxChecks.QE_IDENTITY_FRESH,
          TdxChecks.TCB_INFO_PLATFORM,
          TdxChecks.QE_IDENTITY_MATCH,
          TdxChecks.TDX_MODULE_IDENTITY,
          TdxChecks.TCB_LEVEL,
          TdxChecks.QE_TCB_LEVEL,
          TdxChecks.TDX_MODULE_TCB_LEVEL,
          TdxChecks.TD_ATTRIBUTES);

  @TempDir Path tmp;

  static Stream<Arguments> validShapes() {
    return Stream.of(
        Arguments.of("v4 TD 1.0", DcapSimulator.builder()),
        Arguments.of(
            "v5 TD 1.0", DcapSimulator.builder().quoteVersion(5).bodyType(TdBodyType.TD10)),
        Arguments.of(
            "v5 TD 1.5", DcapSimulator.builder().quoteVersion(5).bodyType(TdBodyType.TD15)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validShapes")
  void validEvidencePassesEveryCheckAndIsUpToDate(String shape, DcapSimulator.Builder builder)
      throws IOException {
    Appraisal a = appraise(builder.build().generate());
    assertThat(a.checks())
        .allSatisfy(c -> assertThat(c.passed()).as(c.id() + ": " + c.explanation()).isTrue());
    assertThat(a.checks().stream().map(CheckResult::id)).containsAll(ALL_CHECKS);
    assertThat(a.evidence().platform().tcb().status()).isEqualTo("UpToDate");
    assertThat(a.evidence().platform().debug()).isFalse();
    assertThat(a.genuine()).isTrue();
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).decision())
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void swHardeningNeededIsReportedWithItsAdvisory() throws IOException {
    Appraisal a =
        appraise(DcapSimulator.builder().tcbStatus("SWHardeningNeeded").build().generate());
    assertThat(a.checks()).allMatch(CheckResult::passed);
    assertThat(a.evidence().platform().tcb().status()).isEqualTo("SWHardeningNeeded");
    assertThat(a.evidence().platform().tcb().advisoryIds()).containsExactly("INTEL-SA-00615");
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).decision())
        .isEqualTo(Decision.DENY);
  }

  static Stream<Arguments> breakages() {
    return Stream.of(Breakage.values())
        .flatMap(b -> Stream.of(Arguments.of(b, 4), Arguments.of(b, 5)));
  }

  @ParameterizedTest(name = "{0} v{1}")
  @MethodSource("breakages")
  void eachBreakageFailsItsCheckAndOnlyThat(Breakage breakage, int version) throws IOException {
    DcapSimulator.Builder b = DcapSimulator.builder().breakage(breakage).quoteVersion(version);
    if (version == 5) {
      b.bodyType(TdBodyType.TD15);
    }
    Appraisal a = appraise(b.build().generate());

    Set<String> failed =
        a.checks().stream()
            .filter(c -> c.outcome() instanceof Outcome.Fail)
            .map(CheckResult::id)
            .collect(Collectors.toSet());
    assertThat(failed).as(describe(a)).isEqualTo(FAILS.get(breakage));
    assertThat(a.checks())
        .as("quote must parse: the breakage is semantic")
        .filteredOn(c -> c.id().equals(TdxChecks.PARSE))
        .allMatch(CheckResult::passed);

    switch (breakage) {
      case TCB_OUT_OF_DATE -> {
        assertThat(a.evidence().platform().tcb().status()).isEqualTo("OutOfDate");
        assertThat(a.evidence().platform().tcb().advisoryIds()).isNotEmpty();
      }
      case DEBUG_TD -> assertThat(a.evidence().platform().debug()).isTrue();
      default -> {}
    }

    Verdict v = StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT);
    assertThat(v.decision()).as(describe(a)).isEqualTo(Decision.DENY);
    if (breakage == Breakage.TCB_OUT_OF_DATE) {
      assertThat(v.checks())
          .filteredOn(c -> c.id().equals(StrictPolicy.TCB_STATUS))
          .singleElement()
          .matches(c -> c.outcome() instanceof Outcome.Fail);
    }
  }

  /** A debug TD's memory is readable by the host, so nothing it reports can be trusted. */
  @Test
  void baselineDeniesDebugTd() throws IOException {
    Appraisal a = appraise(DcapSimulator.builder().breakage(Breakage.DEBUG_TD).build().generate());
    Verdict v = StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT);
    assertThat(v.decision()).isEqualTo(Decision.DENY);
    assertThat(v.checks())
        .filteredOn(c -> !c.passed())
        .extracting(CheckResult::id)
        .containsExactly(StrictPolicy.NOT_DEBUG);
  }

  /** The committed examples (examples/tdx) verify the way examples/README.md says. */
  @Test
  void committedExamplesVerify() throws Exception {
    Path ex = Path.of("..", "examples", "tdx");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isDirectory(ex), "examples/tdx not present");
    java.security.cert.X509Certificate root =
        dev.teepol.core.crypto.Certificates.parseDer(
            java.nio.file.Files.readAllBytes(ex.resolve(CollateralLayout.ROOT_CA)));
    for (String quote : List.of("quote.bin", "quote-v5.bin")) {
      Appraisal a =
          appraise(
              java.nio.file.Files.readAllBytes(ex.resolve(quote)), root, ex.resolve("collateral"));
      assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).decision())
          .as(quote + "\n" + describe(a))
          .isEqualTo(Decision.ALLOW);
    }
    Path revoked = ex.resolve("broken/pck-revoked");
    Appraisal a =
        appraise(
            java.nio.file.Files.readAllBytes(revoked.resolve("quote.bin")),
            root,
            revoked.resolve("collateral"));
    assertThat(a.check(TdxChecks.REVOCATION))
        .hasValueSatisfying(c -> assertThat(c.outcome()).isInstanceOf(Outcome.Fail.class));
  }

  private Appraisal appraise(
      byte[] quote, java.security.cert.X509Certificate root, Path collateral) {
    AppraisalContext ctx =
        AppraisalContext.offline(Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC))
            .withCollateral(new DirectoryCollateralSource(collateral, Limits.DEFAULT))
            .withTrustAnchors(
                TrustAnchors.defaults().with(TrustAnchors.INTEL_SGX_ROOT, List.of(root)));
    return new TdxProvider().appraise(new EvidenceSource("committed example", quote), ctx);
  }

  private Appraisal appraise(SimulatedDcap sim) throws IOException {
    Path dir = java.nio.file.Files.createTempDirectory(tmp, "dcap");
    sim.writeTo(dir);
    return appraise(sim.quote(), sim.root(), dir.resolve(CollateralLayout.COLLATERAL_DIR));
  }

  private static String describe(Appraisal a) {
    return a.checks().stream()
        .filter(c -> !c.passed())
        .map(c -> c.id() + " " + c.outcome().label() + " " + c.explanation())
        .collect(Collectors.joining("\n  ", "non-passing checks:\n  ", ""));
  }
}
