package dev.teepol.providers.tdx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.providers.tdx.abi.TdReport;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import dev.teepol.providers.tdx.sim.Breakage;
import dev.teepol.providers.tdx.sim.CollateralLayout;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import dev.teepol.providers.tdx.sim.TdBodyType;
import dev.teepol.providers.tdx.tcb.TcbStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the TDX provider publishes to dstack and NEAR: the typed report agrees field for field with
 * the normalized evidence, and signed/chained are the outcomes of the very checks they summarize,
 * each false for exactly the defect that breaks it.
 */
class VerifiedQuoteTest {
  @TempDir Path tmp;

  private VerifiedQuote verify(SimulatedDcap sim) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "dcap");
    sim.writeTo(dir);
    AppraisalContext ctx =
        AppraisalContext.offline(Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC))
            .withCollateral(
                new DirectoryCollateralSource(
                    dir.resolve(CollateralLayout.COLLATERAL_DIR), Limits.DEFAULT))
            .withTrustAnchors(
                TrustAnchors.defaults().with(TrustAnchors.INTEL_SGX_ROOT, List.of(sim.root())));
    return new TdxProvider().verify("sim", sim.quote(), ctx);
  }

  @Test
  void theTypedReportIsTheNormalizedEvidenceFieldForField() throws IOException {
    byte[] rtmr2 = new byte[48];
    Arrays.fill(rtmr2, (byte) 0x5c);
    byte[] reportData = new byte[64];
    Arrays.fill(reportData, (byte) 0xa7);
    VerifiedQuote v =
        verify(
            DcapSimulator.builder()
                .quoteVersion(5)
                .bodyType(TdBodyType.TD15)
                .rtmr(2, rtmr2)
                .reportData(reportData)
                .build()
                .generate());
    assertThat(v.authentic()).isTrue();
    assertThat(v.tcb().orElseThrow().status()).isEqualTo(TcbStatus.UP_TO_DATE);
    TdReport td = v.tdReport().orElseThrow();
    Map<String, String> m = v.appraisal().evidence().measurements();
    assertThat(Hex.of(td.mrTd())).isEqualTo(m.get("mrtd"));
    for (int i = 0; i < TdReport.RTMR_COUNT; i++) {
      assertThat(Hex.of(td.rtmr(i))).as("rtmr" + i).isEqualTo(m.get("rtmr" + i));
    }
    assertThat(td.rtmr(2)).isEqualTo(rtmr2);
    assertThat(td.reportData()).isEqualTo(reportData);
    assertThat(Hex.of(td.reportData())).isEqualTo(v.appraisal().evidence().reportData());
    assertThat(Hex.of(td.mrConfigId())).isEqualTo(m.get("mr_config_id"));
    assertThat(Hex.of(td.tdAttributes())).isEqualTo(m.get("td_attributes"));
    assertThat(Hex.of(td.mrServiceTd().orElseThrow())).isEqualTo(m.get("mr_servicetd"));
    assertThat(Hex.of(td.teeTcbSvn2().orElseThrow())).isEqualTo(m.get("tee_tcb_svn2"));
    // Accessors hand out copies: changing one does not change the quote.
    td.mrTd()[0] ^= 1;
    assertThat(Hex.of(td.mrTd())).isEqualTo(m.get("mrtd"));
  }

  @Test
  void signedAndChainedAreEachFalseForExactlyTheirDefect() throws IOException {
    for (Breakage b :
        List.of(
            Breakage.QUOTE_BAD_SIGNATURE,
            Breakage.QE_REPORT_BAD_SIGNATURE,
            Breakage.QE_REPORT_NOT_BINDING_ATT_KEY)) {
      VerifiedQuote v = verify(DcapSimulator.builder().breakage(b).build().generate());
      assertThat(v.signed()).as(b.name()).isFalse();
      assertThat(v.chained()).as(b.name()).isTrue();
      assertThat(v.authentic()).as(b.name()).isFalse();
    }
    VerifiedQuote untrusted =
        verify(
            DcapSimulator.builder().breakage(Breakage.PCK_CHAIN_UNTRUSTED_ROOT).build().generate());
    assertThat(untrusted.signed()).isTrue();
    assertThat(untrusted.chained()).isFalse();
    // A defect in the collateral leaves the quote authentic: without authentic TCB info there is no
    // TCB judgement.
    VerifiedQuote forged =
        verify(
            DcapSimulator.builder().breakage(Breakage.TCB_INFO_BAD_SIGNATURE).build().generate());
    assertThat(forged.authentic()).isTrue();
    assertThat(forged.tcb()).isEmpty();
  }

  @Test
  void aQuoteThatDoesNotDecodeIsNeitherSignedNorChainedAndHasNoReport() throws IOException {
    SimulatedDcap sim = DcapSimulator.builder().build().generate();
    VerifiedQuote v =
        new TdxProvider()
            .verify(
                "cut",
                Arrays.copyOf(sim.quote(), 100),
                AppraisalContext.offline(Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC)));
    assertThat(v.quote()).isEmpty();
    assertThat(v.tdReport()).isEmpty();
    assertThat(v.signed() || v.chained()).isFalse();
    assertThat(v.checks())
        .singleElement()
        .satisfies(c -> assertThat(c.id()).isEqualTo(TdxChecks.PARSE));
  }
}
