package dev.teepol.providers.tdx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.Decoded;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.providers.tdx.sim.Breakage;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import dev.teepol.providers.tdx.sim.TdBodyType;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code teepol inspect} on DCAP quotes: every field, decoded and never verified. */
class TdxInspectionTest {
  private final TdxProvider provider = new TdxProvider();
  private final AppraisalContext offline =
      AppraisalContext.offline(Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC));

  private Decoded.Group inspect(byte[] quote) {
    Decoded d = provider.inspect(new EvidenceSource("q", quote), offline);
    assertThat(d).isInstanceOf(Decoded.Fields.class);
    return ((Decoded.Fields) d).root();
  }

  static Decoded.Group group(Decoded.Group g, String... path) {
    Decoded.Group at = g;
    for (String p : path) {
      at = (Decoded.Group) at.fields().get(p);
    }
    return at;
  }

  static String hex(Decoded.Group g, String name) {
    return ((Decoded.Bytes) g.fields().get(name)).hex();
  }

  @Test
  void everyRegisterIsShownAsTheNormalizedModelWritesIt() {
    for (SimulatedDcap sim :
        List.of(
            DcapSimulator.builder().build().generate(),
            DcapSimulator.builder().quoteVersion(5).bodyType(TdBodyType.TD15).build().generate())) {
      Decoded.Group root = inspect(sim.quote());
      Decoded.Group td = group(root, "td_report");
      Appraisal a = provider.appraise(new EvidenceSource("q", sim.quote()), offline);
      Map<String, String> m = a.evidence().measurements();
      // A value inspect prints can be pinned as printed: same names, same hex.
      for (String register : m.keySet()) {
        if (td.fields().get(register) instanceof Decoded.Bytes b) {
          assertThat(b.hex()).as(register).isEqualTo(m.get(register));
        }
      }
      assertThat(td.fields().keySet())
          .contains("mrtd", "rtmr0", "rtmr1", "rtmr2", "rtmr3", "mr_seam", "mr_config_id")
          .contains("report_data", "td_attributes", "xfam", "tee_tcb_svn");
      assertThat(hex(td, "report_data")).isEqualTo(a.evidence().reportData());
    }
  }

  @Test
  void aV5Td15QuoteShowsItsBodyDescriptorAndTheTd15Registers() {
    SimulatedDcap sim =
        DcapSimulator.builder().quoteVersion(5).bodyType(TdBodyType.TD15).build().generate();
    Decoded.Group root = inspect(sim.quote());
    assertThat(((Decoded.Num) group(root, "body_descriptor").fields().get("type")).value())
        .isEqualByComparingTo("3");
    assertThat(group(root, "td_report").fields()).containsKeys("tee_tcb_svn2", "mr_servicetd");
    assertThat(group(root, "header").fields().get("version"))
        .isEqualTo(new Decoded.Num(java.math.BigDecimal.valueOf(5)));
  }

  @Test
  void theSignatureDataIsDecodedDownToThePckExtension() {
    SimulatedDcap sim = DcapSimulator.builder().build().generate();
    Decoded.Group qe = group(inspect(sim.quote()), "signature_data", "qe_certification");
    assertThat(qe.fields())
        .containsKeys("qe_report", "qe_report_signature", "qe_auth_data", "pck_chain");
    List<Decoded.Node> chain = ((Decoded.Items) qe.fields().get("pck_chain")).items();
    assertThat(chain).hasSize(3);
    Decoded.Group leaf = (Decoded.Group) chain.get(0);
    assertThat(((Decoded.Text) leaf.fields().get("subject")).value())
        .isEqualTo(sim.pckLeaf().getSubjectX500Principal().getName());
    assertThat(((Decoded.Text) leaf.fields().get("serial")).value())
        .isEqualTo(sim.pckLeaf().getSerialNumber().toString(16));
    Decoded.Group ext = group(qe, "pck_extensions");
    assertThat(hex(ext, "fmspc")).isEqualTo("10a06f010000");
    assertThat(hex(ext, "pce_id")).isEqualTo("0000");
    assertThat(((Decoded.Items) ext.fields().get("sgx_tcb_components")).items()).hasSize(16);
    assertThat(hex(group(inspect(sim.quote()), "signature_data"), "attestation_key"))
        .isEqualTo(dev.teepol.core.bytes.Hex.of(sim.attestationKey()));
  }

  @Test
  void nothingIsVerifiedABrokenSignatureDecodesTheSame() {
    SimulatedDcap good = DcapSimulator.builder().build().generate();
    SimulatedDcap bad =
        DcapSimulator.builder().breakage(Breakage.QUOTE_BAD_SIGNATURE).build().generate();
    Decoded.Group a = inspect(good.quote());
    Decoded.Group b = inspect(bad.quote());
    assertThat(group(b, "td_report")).isEqualTo(group(a, "td_report"));
    assertThat(hex(group(b, "signature_data"), "signature"))
        .isNotEqualTo(hex(group(a, "signature_data"), "signature"));
  }

  @Test
  void aTruncatedQuoteIsUndecodableWithTheFieldAndOffsetAndDamageNeverThrows() {
    byte[] q = DcapSimulator.builder().build().generate().quote();
    Decoded cut = provider.inspect(new EvidenceSource("q", Arrays.copyOf(q, 700)), offline);
    assertThat(cut).isInstanceOf(Decoded.Undecodable.class);
    assertThat(((Decoded.Undecodable) cut).reason()).contains("offset");
    for (int len = 0; len < q.length; len += 37) {
      provider.inspect(new EvidenceSource("q", Arrays.copyOf(q, len)), offline);
    }
    for (int i = 0; i < q.length; i += 7) {
      byte[] flipped = q.clone();
      flipped[i] ^= (byte) 0xff;
      provider.inspect(new EvidenceSource("q", flipped), offline);
    }
    // A quote over the limit is refused before it is read.
    Limits small = new Limits(1 << 20, q.length - 1, 8, 1 << 20, 64, 4096);
    Decoded big =
        provider.inspect(
            new EvidenceSource("q", q),
            new AppraisalContext(
                offline.clock(),
                offline.trustAnchors(),
                offline.collateral(),
                java.util.Optional.empty(),
                small));
    assertThat(((Decoded.Undecodable) big).reason()).contains("over the limit");
  }
}
