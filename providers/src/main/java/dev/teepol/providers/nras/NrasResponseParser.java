package dev.teepol.providers.nras;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bytes → {@link NrasResponse}, with the token count, each device name's and each token's length
 * bounded.
 */
public final class NrasResponseParser {
  private NrasResponseParser() {}

  public static NrasResponse parse(byte[] bytes, Limits limits) throws ParseException {
    return fromJson(BoundedJson.parse(bytes, "$", limits), limits);
  }

  public static NrasResponse fromJson(JsonValue v, Limits limits) throws ParseException {
    JsonArray top = JsonFields.array(v, "$");
    if (top.size() != 2) {
      throw new ParseException(
          "$", 0, "expected [[\"JWT\", overall], {devices}], found " + top.size() + " elements");
    }
    JsonArray head = JsonFields.array(top.get(0), "$[0]");
    if (head.size() != 2
        || !(head.get(0) instanceof JsonString tag)
        || !"JWT".equals(tag.getString())) {
      throw new ParseException("$[0]", 0, "expected [\"JWT\", <overall token>]");
    }
    String overall = token(head.get(1), "$[0][1]", limits);
    JsonObject devices = JsonFields.object(top.get(1), "$[1]");
    if (devices.size() > limits.maxAttestedParts()) {
      throw new ParseException(
          "$[1]",
          1,
          devices.size() + " device tokens, over the limit of " + limits.maxAttestedParts());
    }
    Map<String, String> detached = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : devices.entrySet()) {
      // Names go into check ids and are scanned for an index: bound them before anything else.
      if (e.getKey().length() > limits.maxNameChars()) {
        throw new ParseException(
            "$[1]",
            1,
            "a device name of "
                + e.getKey().length()
                + " characters, over the name limit of "
                + limits.maxNameChars()
                + " (Limits.maxNameChars)");
      }
      detached.put(e.getKey(), token(e.getValue(), "$[1]." + e.getKey(), limits));
    }
    return new NrasResponse(overall, detached);
  }

  private static String token(JsonValue v, String path, Limits limits) throws ParseException {
    if (!(v instanceof JsonString s)) {
      throw new ParseException(
          path, 0, "expected a compact JWS string, found " + JsonFields.kind(v));
    }
    if (s.getString().length() > limits.maxJwtBytes()) {
      throw new ParseException(
          path,
          0,
          s.getString().length() + " characters, over the JWT limit of " + limits.maxJwtBytes());
    }
    return s.getString();
  }
}
