package dev.teepol.providers.near;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Decoded;
import dev.teepol.providers.dstack.DstackInspection;
import dev.teepol.providers.json.BoundedJson;
import java.util.ArrayList;
import java.util.List;

/**
 * A NEAR AI report decoded and not verified ({@code teepol inspect}): its shape and each node with
 * its signing key, stated nonce, GPU payload and dstack parts (quote field by field, event log). A
 * node that does not decode says why in its place.
 */
final class NearInspection {
  private NearInspection() {}

  static Decoded decode(byte[] content, Limits limits) {
    NearReport report;
    try {
      report = NearReportParser.parse(content, limits);
    } catch (ParseException e) {
      return new Decoded.Undecodable(e.getMessage());
    }
    List<Decoded.Node> nodes = new ArrayList<>();
    for (NodeInput n : report.nodes()) {
      nodes.add(node(n, limits));
    }
    return new Decoded.Fields(
        Decoded.group()
            .text("format", "NEAR AI attestation report: " + report.shape().label())
            .flag("gzip", report.compressed())
            .put("unbound_members", texts(report.unboundParts()))
            .put("nodes", Decoded.items(nodes))
            .build());
  }

  private static Decoded.Group node(NodeInput input, Limits limits) {
    Decoded.GroupBuilder g =
        Decoded.group()
            .text("component", input.component())
            .text("role", input.role().name().toLowerCase(java.util.Locale.ROOT));
    if (input instanceof UnparsableNode u) {
      return g.text("error", u.reason()).build();
    }
    NearNode n = (NearNode) input;
    n.modelName().ifPresent(m -> g.text("model_name", m));
    NodeSigner s = n.signer();
    g.text("signing_algo", s.algo().label()).hex("signing_address", s.key());
    s.publicKey().ifPresent(k -> g.hex("signing_public_key", k));
    s.tlsFingerprint().ifPresent(f -> g.hex("tls_cert_fingerprint", f));
    n.statedNonce().ifPresent(x -> g.text("request_nonce", x));
    n.nvidiaPayload()
        .ifPresent(
            p -> {
              try {
                g.put("nvidia_payload", Decoded.of(BoundedJson.parse(p, "nvidia_payload", limits)));
              } catch (ParseException e) {
                g.text("nvidia_payload_error", e.getMessage());
              }
            });
    g.put("unbound_members", texts(n.unboundParts()));
    DstackInspection.parts(n.dstack(), limits, g);
    return g.build();
  }

  private static Decoded.Items texts(List<String> values) {
    return Decoded.items(values.stream().map(v -> (Decoded.Node) new Decoded.Text(v)).toList());
  }
}
