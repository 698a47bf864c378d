package dev.teepol.providers.near;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.Decoded;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.providers.tdx.TdxProvider;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code teepol inspect} on NEAR reports: each node with its key, payload and dstack parts. */
class NearInspectionTest {
  private final NearProvider provider = new NearProvider(new TdxProvider());
  private final AppraisalContext offline =
      AppraisalContext.offline(Clock.fixed(SimNear.AT, ZoneOffset.UTC));

  private Decoded.Group inspect(String report) {
    Decoded d =
        provider.inspect(new EvidenceSource("r", report.getBytes(StandardCharsets.UTF_8)), offline);
    return ((Decoded.Fields) d).root();
  }

  @Test
  void everyNodeIsShownWithItsSigningKeyPayloadAndQuote() {
    SimNear.Node gw = SimNear.ed25519Node(SimNear.fill(32, 0x11));
    SimNear.Node model =
        SimNear.ed25519Node(SimNear.fill(32, 0x22))
            .withPayload(SimNear.payload(SimNear.HEX.formatHex(SimNear.NONCE), 2));
    String report =
        SimNear.gatewayReport(gw.json(gw.quote(), null), model.json(model.quote(), "sim/model"));
    Decoded.Group root = inspect(report);
    assertThat(((Decoded.Text) root.fields().get("format")).value()).contains("gateway report");
    List<Decoded.Node> nodes = ((Decoded.Items) root.fields().get("nodes")).items();
    assertThat(nodes).hasSize(2);
    Decoded.Group g = (Decoded.Group) nodes.get(0);
    Decoded.Group m = (Decoded.Group) nodes.get(1);
    assertThat(g.fields().get("component")).isEqualTo(new Decoded.Text("gateway"));
    assertThat(m.fields().get("component")).isEqualTo(new Decoded.Text("model0"));
    assertThat(m.fields().get("model_name")).isEqualTo(new Decoded.Text("sim/model"));
    assertThat(((Decoded.Bytes) m.fields().get("signing_address")).hex())
        .isEqualTo("22".repeat(32));
    assertThat(m.fields().get("signing_algo")).isEqualTo(new Decoded.Text("ed25519"));
    Decoded.Group payload = (Decoded.Group) m.fields().get("nvidia_payload");
    assertThat(payload.fields().get("nonce"))
        .isEqualTo(new Decoded.Text(SimNear.HEX.formatHex(SimNear.NONCE)));
    assertThat(m.fields()).containsKeys("quote", "event_log");
    assertThat(((Decoded.Group) m.fields().get("quote")).fields()).containsKey("td_report");
  }

  @Test
  void aNodeThatDoesNotDecodeSaysWhyInItsPlace() {
    SimNear.Node gw = SimNear.ed25519Node(SimNear.fill(32, 0x11));
    String report = SimNear.gatewayReport(gw.json(gw.quote(), null), "{\"signing_algo\": 5}");
    List<Decoded.Node> nodes = ((Decoded.Items) inspect(report).fields().get("nodes")).items();
    Decoded.Group bad = (Decoded.Group) nodes.get(1);
    assertThat(bad.fields().get("component")).isEqualTo(new Decoded.Text("model0"));
    assertThat(((Decoded.Text) bad.fields().get("error")).value())
        .contains("model_attestations[0]");
    assertThat(((Decoded.Group) nodes.get(0)).fields()).containsKey("quote");
  }
}
