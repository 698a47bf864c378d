package dev.teepol.providers.dstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.Decoded;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.providers.dstack.sim.SimDstack;
import dev.teepol.providers.dstack.sim.SimEvent;
import dev.teepol.providers.tdx.TdxProvider;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code teepol inspect} on dstack documents: every member, the quote and each event. */
class DstackInspectionTest {
  private final DstackProvider provider = new DstackProvider(new TdxProvider());
  private final AppraisalContext offline =
      AppraisalContext.offline(Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC));

  @Test
  void theDocumentTheQuoteAndEveryEventOfTheLogAreShown() {
    List<SimEvent> log = SimDstack.validLog();
    SimulatedDcap sim = SimDstack.quoteFor(log).build().generate();
    byte[] doc = SimDstack.document(sim, log, SimDstack.appComposeMember(SimDstack.APP_COMPOSE));
    Decoded d = provider.inspect(new EvidenceSource("d", doc), offline);
    Decoded.Group root = ((Decoded.Fields) d).root();
    assertThat(root.fields()).containsKeys("format", "document", "quote", "event_log");
    // Members shown decoded elsewhere are not repeated raw; every other member is.
    Decoded.Group members = (Decoded.Group) root.fields().get("document");
    assertThat(members.fields())
        .doesNotContainKeys("quote", "event_log")
        .containsKey("app_compose");
    Decoded.Group td =
        (Decoded.Group) ((Decoded.Group) root.fields().get("quote")).fields().get("td_report");
    assertThat(((Decoded.Bytes) td.fields().get("rtmr3")).hex())
        .isEqualTo(Hex.of(SimDstack.rtmrs(log)[3]));
    List<Decoded.Node> events = ((Decoded.Items) root.fields().get("event_log")).items();
    assertThat(events).hasSize(log.size());
    Decoded.Group composeHash =
        events.stream()
            .map(Decoded.Group.class::cast)
            .filter(e -> e.fields().get("event").equals(new Decoded.Text("compose-hash")))
            .findFirst()
            .orElseThrow();
    assertThat(composeHash.fields().get("runtime")).isEqualTo(new Decoded.Bool(true));
    assertThat(((Decoded.Bytes) composeHash.fields().get("event_payload")).hex())
        .isEqualTo(Hex.of(SimDstack.COMPOSE_HASH));
    assertThat(((Decoded.Text) root.fields().get("app_compose")).value())
        .isEqualTo(SimDstack.APP_COMPOSE);
  }

  @Test
  void aBadLogSaysWhyInItsPlaceAndTheQuoteIsStillShown() {
    List<SimEvent> log = SimDstack.validLog();
    SimulatedDcap sim = SimDstack.quoteFor(log).build().generate();
    String doc = new String(SimDstack.document(sim, log, ""), StandardCharsets.UTF_8);
    String broken = doc.replace("\\\"imr\\\":0", "\\\"imr\\\":9");
    assertThat(broken).isNotEqualTo(doc);
    Decoded.Group root =
        ((Decoded.Fields)
                provider.inspect(
                    new EvidenceSource("d", broken.getBytes(StandardCharsets.UTF_8)), offline))
            .root();
    assertThat(((Decoded.Text) root.fields().get("event_log_error")).value())
        .contains("event_log[0].imr", "not one of RTMR0..3");
    assertThat(root.fields()).containsKey("quote");
  }

  @Test
  void damagedDocumentsNeverThrow() {
    List<SimEvent> log = SimDstack.validLog();
    byte[] doc = SimDstack.document(SimDstack.quoteFor(log).build().generate(), log, "");
    for (int len = 0; len < doc.length; len += 97) {
      Decoded d = provider.inspect(new EvidenceSource("d", Arrays.copyOf(doc, len)), offline);
      assertThat(d).isNotNull();
    }
  }
}
