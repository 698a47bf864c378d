package dev.teepol.providers.tdx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.tdx.abi.QuoteParser;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import dev.teepol.providers.testsupport.StrictPolicy;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Certification data other than a PEM PCK chain (type 3 = encrypted PPID, which needs the PCK
 * certificate from a PCCS; anything else unknown) cannot reach the PCK: UNEVALUABLE with the
 * reason, the quote signature still checked, the decision DENY — never a crash, never a PASS.
 */
class CertificationDataTypeTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 7, 0xffff})
  void otherInnerTypesAreUnevaluable(int type) throws Exception {
    SimulatedDcap sim = DcapSimulator.builder().quoteVersion(4).build().generate();
    byte[] q = sim.quote().clone();
    int at =
        QuoteParser.parse(q, Limits.DEFAULT.maxQuoteBytes()).qe().orElseThrow().certDataOffset()
            - 6;
    q[at] = (byte) type;
    q[at + 1] = (byte) (type >>> 8);
    Appraisal a =
        new TdxProvider()
            .appraise(
                new EvidenceSource("type" + type, q),
                AppraisalContext.offline(Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC))
                    .withTrustAnchors(
                        TrustAnchors.defaults()
                            .with(TrustAnchors.INTEL_SGX_ROOT, List.of(sim.root()))));
    assertThat(a.check(TdxChecks.CERTIFICATION_DATA).orElseThrow().outcome())
        .isInstanceOf(Outcome.Unevaluable.class)
        .satisfies(o -> assertThat(o.reason()).contains("type " + type));
    if (type == 3) {
      assertThat(a.check(TdxChecks.CERTIFICATION_DATA).orElseThrow().outcome().reason())
          .contains("encrypted PPID");
    }
    assertThat(a.check(TdxChecks.QUOTE_SIGNATURE).orElseThrow().outcome()).isEqualTo(Outcome.PASS);
    assertThat(a.check(TdxChecks.PCK_CHAIN).orElseThrow().outcome())
        .isInstanceOf(Outcome.Unevaluable.class);
    assertThat(StrictPolicy.evaluate(a, DcapSimulator.VERIFY_AT).allowed()).isFalse();
  }
}
