package dev.teepol.providers.near;

import dev.teepol.core.crypto.Digests;
import dev.teepol.providers.dstack.sim.SimDstack;
import dev.teepol.providers.dstack.sim.SimEvent;
import dev.teepol.providers.nras.SimGpu;
import dev.teepol.providers.nras.SimNras;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Simulated NEAR nodes: a dstack event log, a DCAP quote whose report_data the test chooses, and
 * the node JSON a NEAR server would publish. Defects are made by signing one thing and publishing
 * another, exactly as a lying server would.
 */
public final class SimNear {
  public static final HexFormat HEX = HexFormat.of();
  public static final byte[] NONCE = fill(32, 0xab);
  public static final byte[] TLS_FP =
      Digests.sha256("teepol-sim tls key".getBytes(java.nio.charset.StandardCharsets.UTF_8));

  /** What a node publishes and what its quote signs. */
  public record Node(
      String algo,
      byte[] key,
      Optional<byte[]> publishedFp,
      byte[] signedReportData,
      Optional<String> nvidiaPayload,
      String extraMembers) {

    public Node withSignedReportData(byte[] rd) {
      return new Node(algo, key, publishedFp, rd, nvidiaPayload, extraMembers);
    }

    public Node withPublishedFp(Optional<byte[]> fp) {
      return new Node(algo, key, fp, signedReportData, nvidiaPayload, extraMembers);
    }

    public Node withPayload(String payload) {
      return new Node(algo, key, publishedFp, signedReportData, Optional.of(payload), extraMembers);
    }

    public Node withExtra(String members) {
      return new Node(algo, key, publishedFp, signedReportData, nvidiaPayload, members);
    }

    /** The quote for this node, signed by the simulated DCAP PKI over the valid dstack log. */
    public SimulatedDcap quote() {
      List<SimEvent> log = SimDstack.validLog();
      return SimDstack.quoteFor(log)
          .reportData(signedReportData)
          .mrConfigId(SimDstack.mrConfigV1(SimDstack.COMPOSE_HASH))
          .build()
          .generate();
    }

    public String json(SimulatedDcap quote, String modelName) {
      String log =
          "[" + String.join(",", SimDstack.validLog().stream().map(SimEvent::json).toList()) + "]";
      StringBuilder b = new StringBuilder("{");
      if (modelName != null) {
        b.append("\"model_name\":\"").append(modelName).append("\",");
      }
      b.append("\"signing_address\":\"")
          .append(algo.equals("ecdsa") ? "0x" : "")
          .append(HEX.formatHex(key))
          .append("\",")
          .append("\"signing_algo\":\"")
          .append(algo)
          .append("\",")
          .append("\"request_nonce\":\"")
          .append(HEX.formatHex(NONCE))
          .append("\",")
          .append("\"intel_quote\":\"")
          .append(HEX.formatHex(quote.quote()))
          .append("\",")
          .append("\"event_log\":")
          .append(log)
          .append(",")
          .append("\"info\":{\"app_id\":\"")
          .append(HEX.formatHex(SimDstack.APP_ID))
          .append("\",\"tcb_info\":{")
          .append(SimDstack.appComposeMember(SimDstack.APP_COMPOSE))
          .append("}}");
      publishedFp.ifPresent(
          fp -> b.append(",\"tls_cert_fingerprint\":\"").append(HEX.formatHex(fp)).append("\""));
      nvidiaPayload.ifPresent(p -> b.append(",\"nvidia_payload\":").append(quoteJson(p)));
      if (!extraMembers.isEmpty()) {
        b.append(",").append(extraMembers);
      }
      return b.append("}").toString();
    }
  }

  /** An ed25519 node with a TLS fingerprint whose quote binds both and the nonce, as NEAR's do. */
  public static Node ed25519Node(byte[] key) {
    byte[] rd = concat(Digests.sha256(key, TLS_FP), NONCE);
    return new Node("ed25519", key, Optional.of(TLS_FP), rd, Optional.empty(), "");
  }

  /** An ecdsa node without a TLS fingerprint: report_data starts with the padded address. */
  public static Node ecdsaNode(byte[] address) {
    return new Node(
        "ecdsa",
        address,
        Optional.empty(),
        concat(Arrays.copyOf(address, 32), NONCE),
        Optional.empty(),
        "");
  }

  /**
   * A payload for {@code gpus} GPUs of {@link SimNras#MACHINE}, the machine {@link
   * SimNras#response} attests.
   */
  public static String payload(String nonceHex, int gpus) {
    return payload(nonceHex, SimGpu.of(SimNras.MACHINE, gpus));
  }

  /** A payload whose entries carry the device certificate chains of {@code gpus}. */
  public static String payload(String nonceHex, List<SimGpu> gpus) {
    return payload(nonceHex, gpus.stream().map(SimGpu::certificateBase64).toList(), "ZXZpZGVuY2U=");
  }

  /** A payload of {@code entries} entries with the given certificate and evidence strings. */
  public static String payload(String nonceHex, List<String> certificates, String evidence) {
    StringBuilder b = new StringBuilder("{\"arch\":\"HOPPER\",\"evidence_list\":[");
    for (int i = 0; i < certificates.size(); i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"arch\":\"HOPPER\",\"certificate\":\"")
          .append(certificates.get(i))
          .append("\",\"evidence\":\"")
          .append(evidence)
          .append("\"}");
    }
    return b.append("],\"nonce\":\"").append(nonceHex).append("\"}").toString();
  }

  public static String gatewayReport(String gateway, String... models) {
    return "{\"gateway_attestation\":"
        + gateway
        + ",\"model_attestations\":["
        + String.join(",", models)
        + "]}";
  }

  static String quoteJson(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  public static byte[] fill(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  public static final java.time.Instant AT = DcapSimulator.VERIFY_AT;

  private SimNear() {}
}
