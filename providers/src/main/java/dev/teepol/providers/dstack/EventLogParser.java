package dev.teepol.providers.dstack;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * dstack event logs as a JSON array, or as a JSON string holding that array (GetQuote responses and
 * the NEAR gateway). The entry count is checked against the limit before any entry is read.
 */
final class EventLogParser {
  private static final String FIELD = "event_log";
  private static final int DIGEST_BYTES = 48;

  private EventLogParser() {}

  public static List<DstackEvent> parse(JsonValue log, Limits limits) throws ParseException {
    JsonValue v = log;
    if (v instanceof JsonString s) {
      v = BoundedJson.parse(s.getString(), FIELD, limits);
    }
    JsonArray a = JsonFields.array(v, FIELD);
    if (a.size() > limits.maxEventLogEntries()) {
      throw new ParseException(
          FIELD, 0, a.size() + " entries, over the limit of " + limits.maxEventLogEntries());
    }
    int maxPayload = (int) Math.min(Integer.MAX_VALUE, limits.maxEvidenceBytes());
    List<DstackEvent> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      String path = FIELD + "[" + i + "]";
      JsonObject o = JsonFields.object(a.get(i), path);
      long imr = JsonFields.integer(o.get("imr"), path + ".imr");
      if (imr < 0 || imr > 3) {
        throw new ParseException(path + ".imr", i, "IMR " + imr + " is not one of RTMR0..3");
      }
      long type = JsonFields.integer(o.get("event_type"), path + ".event_type");
      if (type < 0 || type > 0xffffffffL) {
        throw new ParseException(path + ".event_type", i, "not a 32-bit event type: " + type);
      }
      byte[] digest = JsonFields.optHex(o, "digest", path, DIGEST_BYTES).orElse(new byte[0]);
      boolean runtime = type == DstackEvent.RUNTIME_EVENT_TYPE;
      // A boot-time event is replayed with the digest it carries, so it must carry a whole one.
      if (!runtime && digest.length != DIGEST_BYTES) {
        throw new ParseException(
            path + ".digest",
            i,
            "boot-time event needs a 48-byte SHA-384 digest, has " + digest.length + " bytes");
      }
      if (runtime && digest.length != 0 && digest.length != DIGEST_BYTES) {
        throw new ParseException(
            path + ".digest", i, "digest is " + digest.length + " bytes, not 48 or empty");
      }
      String name = JsonFields.optString(o, "event", path).orElse("");
      if (name.getBytes(StandardCharsets.UTF_8).length > 4096) {
        throw new ParseException(path + ".event", i, "event name longer than 4096 bytes");
      }
      byte[] payload = JsonFields.optHex(o, "event_payload", path, maxPayload).orElse(new byte[0]);
      int version = DstackEvent.V1;
      if (o.containsKey("version") && o.get("version").getValueType() != JsonValue.ValueType.NULL) {
        long ver = JsonFields.integer(o.get("version"), path + ".version");
        version = ver < 0 || ver > Integer.MAX_VALUE ? -1 : (int) ver;
      }
      out.add(new DstackEvent(i, (int) imr, type, digest, name, payload, version));
    }
    return List.copyOf(out);
  }
}
