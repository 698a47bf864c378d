package dev.teepol.providers.near;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.dstack.DstackDocument;
import dev.teepol.providers.dstack.DstackDocumentParser;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Bytes → {@link NearReport}. Two shapes exist: the cloud gateway report ({@code
 * gateway_attestation} + {@code model_attestations[]}) and a model endpoint's own report (the
 * node's members at the top, sometimes with {@code all_attestations}). A node that does not decode
 * becomes an {@link UnparsableNode} so the rest of the report is still appraised.
 */
final class NearReportParser {
  /** Members of a node that the node appraisal reads (and so binds or checks). */
  static final Set<String> NODE_KEYS =
      Set.of(
          "intel_quote",
          "event_log",
          "info",
          "signing_address",
          "signing_algo",
          "signing_public_key",
          "request_nonce",
          "model_name",
          "nvidia_payload",
          "tls_cert_fingerprint",
          "report_data");

  /** Members of a gateway report the report level reads. */
  static final Set<String> GATEWAY_REPORT_KEYS =
      Set.of("gateway_attestation", "model_attestations");

  /** Members that make a JSON object a NEAR report rather than a plain dstack document. */
  static final Set<String> MARKERS =
      Set.of("gateway_attestation", "model_attestations", "signing_address", "nvidia_payload");

  private NearReportParser() {}

  /** Whether parsed JSON has a NEAR report's shape (cheap: looks at member names only). */
  static boolean looksLikeReport(JsonValue v) {
    if (!(v instanceof JsonObject o)) {
      return false;
    }
    if (o.get("gateway_attestation") instanceof JsonObject
        || o.get("model_attestations") instanceof JsonArray) {
      return true;
    }
    return o.containsKey("intel_quote") && o.containsKey("signing_address");
  }

  public static NearReport parse(byte[] bytes, Limits limits) throws ParseException {
    boolean compressed = BoundedGzip.isGzip(bytes);
    byte[] json =
        compressed ? BoundedGzip.inflate(bytes, "$ (gzip)", limits.maxDecompressedBytes()) : bytes;
    JsonObject o = JsonFields.object(BoundedJson.parse(json, "$", limits), "$");
    List<NodeInput> nodes = new ArrayList<>();
    Set<String> unbound = new TreeSet<>();
    if (o.containsKey("gateway_attestation") || o.containsKey("model_attestations")) {
      JsonValue gw = o.get("gateway_attestation");
      if (gw != null && gw.getValueType() != JsonValue.ValueType.NULL) {
        nodes.add(node(NodeRole.GATEWAY_COMPONENT, gw, "$.gateway_attestation", limits));
      }
      JsonValue ms = o.get("model_attestations");
      JsonArray models =
          ms == null || ms.getValueType() == JsonValue.ValueType.NULL
              ? JsonValue.EMPTY_JSON_ARRAY
              : JsonFields.array(ms, "$.model_attestations");
      checkCount(models, "$.model_attestations", limits);
      for (int i = 0; i < models.size(); i++) {
        nodes.add(node("model" + i, models.get(i), "$.model_attestations[" + i + "]", limits));
      }
      o.keySet().stream().filter(k -> !GATEWAY_REPORT_KEYS.contains(k)).forEach(unbound::add);
      // A missing gateway or model node is not a decoding error: ReportStructure FAILs it by name.
      return new NearReport(NearReport.Shape.GATEWAY, nodes, List.copyOf(unbound), compressed);
    }
    if (!looksLikeReport(o)) {
      throw new ParseException(
          "$",
          0,
          "neither a gateway report (gateway_attestation, model_attestations) nor a model"
              + " report (intel_quote, signing_address)");
    }
    nodes.add(node("model0", o, "$", limits));
    // all_attestations repeats the node (and, on multi-node deployments, its peers): copies of the
    // top-level quote add nothing, other nodes are appraised as components of their own.
    JsonValue all = o.get("all_attestations");
    if (all != null && all.getValueType() != JsonValue.ValueType.NULL) {
      JsonArray peers = JsonFields.array(all, "$.all_attestations");
      checkCount(peers, "$.all_attestations", limits);
      String topQuote = o.get("intel_quote") instanceof JsonString s ? s.getString() : "";
      for (int i = 0; i < peers.size(); i++) {
        JsonValue p = peers.get(i);
        boolean copy =
            p instanceof JsonObject po
                && po.get("intel_quote") instanceof JsonString q
                && q.getString().equals(topQuote);
        if (!copy) {
          nodes.add(node("model" + nodes.size(), p, "$.all_attestations[" + i + "]", limits));
        }
      }
    }
    o.keySet().stream()
        .filter(k -> !NODE_KEYS.contains(k) && !k.equals("all_attestations"))
        .forEach(unbound::add);
    return new NearReport(NearReport.Shape.MODEL, nodes, List.copyOf(unbound), compressed);
  }

  private static void checkCount(JsonArray a, String path, Limits limits) throws ParseException {
    if (a.size() > limits.maxAttestedParts()) {
      throw new ParseException(
          path, a.size(), a.size() + " nodes, over the limit of " + limits.maxAttestedParts());
    }
  }

  private static NodeInput node(String component, JsonValue v, String path, Limits limits) {
    try {
      JsonObject o = JsonFields.object(v, path);
      DstackDocument dstack = DstackDocumentParser.fromObject(o, path, limits);
      String algoName = JsonFields.string(o, "signing_algo", path);
      SigningAlgo algo =
          SigningAlgo.of(algoName)
              .orElseThrow(
                  () ->
                      new ParseException(
                          path + ".signing_algo",
                          0,
                          "unknown signing algorithm '" + algoName + "' (ecdsa or ed25519)"));
      byte[] key =
          JsonFields.hex(
              JsonFields.string(o, "signing_address", path), path + ".signing_address", 64);
      if (key.length != algo.keyBytes()) {
        throw new ParseException(
            path + ".signing_address",
            0,
            key.length + " bytes; an " + algo.label() + " signing address is " + algo.keyBytes());
      }
      Optional<byte[]> fp = JsonFields.optHex(o, "tls_cert_fingerprint", path, 64);
      if (fp.isPresent() && fp.get().length != 32) {
        throw new ParseException(
            path + ".tls_cert_fingerprint",
            0,
            fp.get().length + " bytes; a SHA-256 fingerprint is 32");
      }
      Optional<byte[]> pub = JsonFields.optHex(o, "signing_public_key", path, 65);
      Optional<String> payload = JsonFields.optString(o, "nvidia_payload", path);
      List<String> unbound =
          o.keySet().stream()
              .filter(k -> !NODE_KEYS.contains(k) && !k.equals("all_attestations"))
              .sorted()
              .toList();
      return new NearNode(
          component,
          JsonFields.optString(o, "model_name", path),
          dstack,
          new NodeSigner(algo, key, fp, pub),
          JsonFields.optString(o, "request_nonce", path),
          payload,
          unbound);
    } catch (ParseException e) {
      return new UnparsableNode(component, e.getMessage());
    }
  }
}
