package dev.teepol.providers.dstack;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the shapes dstack attestations come in: a guest-agent {@code GetQuote} response ({@code
 * quote, event_log, report_data, vm_config}), a verifier request ({@code quote, event_log,
 * vm_config}), and node objects that carry {@code intel_quote} with an {@code info} document
 * (NEAR). The event log may sit at the top or in {@code info.tcb_info}.
 */
public final class DstackDocumentParser {
  /** Keys of a NEAR report: such documents belong to the near provider, not to this one. */
  static final Set<String> FOREIGN_KEYS =
      Set.of(
          "model_attestations",
          "gateway_attestation",
          "nvidia_payload",
          "signing_address",
          "all_attestations");

  // Lists, not sets: their order is the order of the info check's report, the same on every run.
  private static final List<String> INFO_FIELDS =
      List.of(
          "app_id",
          "instance_id",
          "compose_hash",
          "os_image_hash",
          "key_provider_info",
          "mr_aggregated",
          "device_id",
          "app_name",
          "mr_system");
  private static final List<String> TCB_FIELDS =
      List.of(
          "mrtd",
          "rtmr0",
          "rtmr1",
          "rtmr2",
          "rtmr3",
          "os_image_hash",
          "compose_hash",
          "device_id",
          "mr_aggregated");

  private DstackDocumentParser() {}

  public static DstackDocument parse(byte[] bytes, Limits limits) throws ParseException {
    return fromObject(JsonFields.object(BoundedJson.parse(bytes, "$", limits), "$"), "$", limits);
  }

  /** Whether a parsed value looks like a dstack attestation (and not like a NEAR report). */
  static boolean looksLikeDstack(JsonObject o) {
    return (o.containsKey("quote") || o.containsKey("intel_quote"))
        && o.containsKey("event_log")
        && FOREIGN_KEYS.stream().noneMatch(o::containsKey);
  }

  public static DstackDocument fromObject(JsonObject o, String path, Limits limits)
      throws ParseException {
    String quoteKey = o.containsKey("intel_quote") ? "intel_quote" : "quote";
    byte[] quote =
        JsonFields.hex(
            JsonFields.string(o, quoteKey, path), path + "." + quoteKey, limits.maxQuoteBytes());

    Map<String, String> info = new LinkedHashMap<>();
    Optional<JsonValue> eventLog = Optional.ofNullable(o.get("event_log"));
    Optional<String> appCompose = JsonFields.optString(o, "app_compose", path);
    Optional<String> vmConfig = stringOrJson(o.get("vm_config"), path + ".vm_config");
    if (o.get("info") != null && o.get("info").getValueType() != JsonValue.ValueType.NULL) {
      JsonObject in = JsonFields.object(o.get("info"), path + ".info");
      copyScalars(in, INFO_FIELDS, "", info);
      JsonValue tcb = in.get("tcb_info");
      if (tcb instanceof JsonString s) {
        tcb = BoundedJson.parse(s.getString(), path + ".info.tcb_info", limits);
      }
      if (tcb instanceof JsonObject t) {
        copyScalars(t, TCB_FIELDS, "tcb_info.", info);
        if (eventLog.isEmpty() && t.containsKey("event_log")) {
          eventLog = Optional.of(t.get("event_log"));
        }
        if (appCompose.isEmpty()) {
          appCompose = JsonFields.optString(t, "app_compose", path + ".info.tcb_info");
        }
      }
      if (vmConfig.isEmpty()) {
        vmConfig = stringOrJson(in.get("vm_config"), path + ".info.vm_config");
      }
    }
    Optional<String> mrConfig = JsonFields.optString(o, "mr_config", path);
    return new DstackDocument(
        quote, eventLog, new DstackInfo(info), appCompose, vmConfig, mrConfig);
  }

  private static void copyScalars(
      JsonObject o, List<String> keys, String prefix, Map<String, String> out) {
    for (String k : keys) {
      JsonValue v = o.get(k);
      if (v instanceof JsonString s) {
        out.put(prefix + k, s.getString());
      } else if (v instanceof JsonNumber n) {
        out.put(prefix + k, n.toString());
      }
    }
  }

  private static Optional<String> stringOrJson(JsonValue v, String path) {
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return Optional.empty();
    }
    return Optional.of(v instanceof JsonString s ? s.getString() : v.toString());
  }
}
