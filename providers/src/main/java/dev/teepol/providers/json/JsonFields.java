package dev.teepol.providers.json;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * Typed reads from parsed JSON that fail with the JSON path of the offending field, so a user can
 * find it in a 300 KB report. The "offset" of such errors is the array index when there is one.
 */
public final class JsonFields {
  private JsonFields() {}

  public static JsonObject object(JsonValue v, String path) throws ParseException {
    if (v instanceof JsonObject o) {
      return o;
    }
    throw new ParseException(path, 0, "expected a JSON object, found " + kind(v));
  }

  public static JsonArray array(JsonValue v, String path) throws ParseException {
    if (v instanceof JsonArray a) {
      return a;
    }
    throw new ParseException(path, 0, "expected a JSON array, found " + kind(v));
  }

  public static Optional<String> optString(JsonObject o, String key, String path)
      throws ParseException {
    JsonValue v = o.get(key);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return Optional.empty();
    }
    if (v instanceof JsonString s) {
      return Optional.of(s.getString());
    }
    throw new ParseException(path + "." + key, 0, "expected a string, found " + kind(v));
  }

  public static String string(JsonObject o, String key, String path) throws ParseException {
    return optString(o, key, path)
        .orElseThrow(() -> new ParseException(path + "." + key, 0, "missing"));
  }

  public static Optional<byte[]> optHex(JsonObject o, String key, String path, int maxBytes)
      throws ParseException {
    Optional<String> s = optString(o, key, path);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(hex(s.get(), path + "." + key, maxBytes));
  }

  /**
   * Hex with the length bounded before decoding, so a 30 MB string is refused without a 15 MB
   * allocation.
   */
  public static byte[] hex(String s, String path, int maxBytes) throws ParseException {
    String t = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    if (t.length() / 2 > maxBytes) {
      throw new ParseException(
          path, 0, (t.length() / 2) + " bytes of hex, over the limit of " + maxBytes);
    }
    try {
      return Hex.decode(t);
    } catch (IllegalArgumentException e) {
      throw new ParseException(path, 0, "not hex: " + e.getMessage());
    }
  }

  public static long integer(JsonValue v, String path) throws ParseException {
    if (v instanceof JsonNumber n && n.isIntegral()) {
      try {
        return n.longValueExact();
      } catch (ArithmeticException e) {
        throw new ParseException(path, 0, "integer out of range");
      }
    }
    throw new ParseException(path, 0, "expected an integer, found " + kind(v));
  }

  public static String kind(JsonValue v) {
    return v == null ? "nothing" : v.getValueType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
