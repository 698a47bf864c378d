package dev.teepol.providers.tdx;

import static dev.teepol.providers.tdx.SimAppraisal.appraise;
import static dev.teepol.providers.tdx.SimAppraisal.describe;
import static dev.teepol.providers.tdx.SimAppraisal.failed;
import static dev.teepol.providers.tdx.SimAppraisal.reason;
import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.TdBodyType;
import dev.teepol.providers.testsupport.StrictPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Audit item 10: TD_ATTRIBUTES is decoded completely, as dcap-qvl's {@code validate_attrs} does.
 * Any TUD bit (7:0) makes the TD a debug TD; a reserved SEC bit (8-27, 29) or OTHER bit (32-62)
 * fails {@code tdx.td_attributes}; SEPT_VE_DISABLE, PKS, KL and PERFMON are named evidence fields,
 * and the baseline requires SEPT_VE_DISABLE. A TD 1.5 MRSERVICETD must be zero.
 */
class TdAttributesTest {
  static final long SEPT_VE_DISABLE = 1L << 28;
  static final String TD_ATTRIBUTES_CHECK = "tdx.td_attributes";

  @TempDir Path tmp;

  private Appraisal withAttributes(long bits) throws IOException {
    return appraise(DcapSimulator.builder().tdAttributes(bits).build().generate(), tmp);
  }

  private static boolean policyFailed(Verdict v, String id) {
    return v.checks().stream().anyMatch(c -> c.id().equals(id) && !c.passed());
  }

  /**
   * TD_ATTRIBUTES bit 1 is in the TUD group: dcap-qvl calls any TUD bit debug; reading only bit 0
   * allowed it.
   */
  @ParameterizedTest(name = "TUD bit {0}")
  @ValueSource(ints = {1, 7})
  void anyTudBitMakesTheTdADebugTd(int bit) throws IOException {
    Appraisal a = withAttributes(SEPT_VE_DISABLE | 1L << bit);
    assertThat(a.evidence().platform().debug()).as(describe(a)).isTrue();
    Verdict v = StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT);
    assertThat(v.decision()).isEqualTo(Decision.DENY);
    assertThat(policyFailed(v, StrictPolicy.NOT_DEBUG)).isTrue();
  }

  @ParameterizedTest(name = "reserved bit {0}")
  @ValueSource(ints = {8, 20, 27, 29, 32, 47, 62})
  void aReservedSecOrOtherBitFailsTheProviderCheckNamingTheBit(int bit) throws IOException {
    Appraisal a = withAttributes(SEPT_VE_DISABLE | 1L << bit);
    assertThat(failed(a, TD_ATTRIBUTES_CHECK)).as(describe(a)).isTrue();
    assertThat(reason(a, TD_ATTRIBUTES_CHECK)).contains("reserved", "bit " + bit);
    assertThat(a.genuine()).isFalse();
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).decision())
        .isEqualTo(Decision.DENY);
  }

  /**
   * dcap-qvl rejects a TD without SEPT_VE_DISABLE; the baseline (builtin:strict's mirror) denies it
   * by name.
   */
  @Test
  void withoutSeptVeDisableTheBaselineDenies() throws IOException {
    Appraisal a = withAttributes(0);
    assertThat(a.checks())
        .as("the provider reports, the policy decides")
        .allMatch(CheckResult::passed);
    Verdict v = StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT);
    assertThat(v.decision()).isEqualTo(Decision.DENY);
    assertThat(v.checks())
        .filteredOn(c -> !c.passed())
        .extracting(CheckResult::id)
        .containsExactly("policy.platform.td_attributes");
    assertThat(v.checks())
        .filteredOn(c -> !c.passed())
        .extracting(CheckResult::explanation)
        .allMatch(r -> r.contains("SEPT_VE_DISABLE"));
  }

  /** PKS, KL and PERFMON are defined bits: reported, not refused; the baseline allows them. */
  @Test
  void definedSecAndOtherBitsPassTheProviderCheck() throws IOException {
    Appraisal a = withAttributes(SEPT_VE_DISABLE | 1L << 30 | 1L << 31 | 1L << 63);
    assertThat(a.check(TD_ATTRIBUTES_CHECK))
        .hasValueSatisfying(c -> assertThat(c.passed()).as(c.explanation()).isTrue());
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).decision())
        .as(describe(a))
        .isEqualTo(Decision.ALLOW);
  }

  /**
   * A TD 1.5 report that names a service TD (e.g. a migration TD) is refused unless a policy pins
   * it.
   */
  @Test
  void aNonZeroMrServiceTdIsDeniedByTheBaseline() throws IOException {
    byte[] serviceTd = new byte[48];
    Arrays.fill(serviceTd, (byte) 0x5a);
    Appraisal a =
        appraise(
            DcapSimulator.builder()
                .quoteVersion(5)
                .bodyType(TdBodyType.TD15)
                .mrServiceTd(serviceTd)
                .build()
                .generate(),
            tmp);
    Verdict v = StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT);
    assertThat(v.decision()).as(describe(a)).isEqualTo(Decision.DENY);
    assertThat(v.checks())
        .filteredOn(c -> c.outcome() instanceof Outcome.Fail)
        .extracting(CheckResult::id)
        .containsExactly("policy.platform.mr_servicetd");
  }

  @Test
  void aProductionTdPassesEverything() throws IOException {
    Appraisal a = withAttributes(SEPT_VE_DISABLE);
    assertThat(a.evidence().platform().debug()).isFalse();
    assertThat(a.check(TD_ATTRIBUTES_CHECK)).as("the check runs for every TD quote").isPresent();
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).decision())
        .as(describe(a))
        .isEqualTo(Decision.ALLOW);
  }
}
