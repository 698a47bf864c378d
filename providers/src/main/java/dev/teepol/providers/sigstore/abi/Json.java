package dev.teepol.providers.sigstore.abi;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.providers.json.JsonFields;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Reads of the protobuf-JSON shapes Sigstore documents use (base64 bytes, int64 as strings, RFC
 * 3339 times), each failing with the JSON path of the field. Unknown members are refused where a
 * verifier and a signer could otherwise read a document differently.
 */
final class Json {
  /** Longest decimal int64 text. */
  private static final int MAX_INT64_CHARS = 20;

  private Json() {}

  static JsonObject object(JsonObject o, String key, String path) throws ParseException {
    JsonValue v = o.get(key);
    if (v == null) {
      throw new ParseException(path + "." + key, 0, "missing");
    }
    return JsonFields.object(v, path + "." + key);
  }

  static Optional<JsonObject> optObject(JsonObject o, String key, String path)
      throws ParseException {
    JsonValue v = o.get(key);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return Optional.empty();
    }
    return Optional.of(JsonFields.object(v, path + "." + key));
  }

  static JsonArray array(JsonObject o, String key, String path, int maxSize) throws ParseException {
    JsonValue v = o.get(key);
    if (v == null) {
      throw new ParseException(path + "." + key, 0, "missing");
    }
    JsonArray a = JsonFields.array(v, path + "." + key);
    if (a.size() > maxSize) {
      throw new ParseException(
          path + "." + key, 0, a.size() + " entries, over the limit of " + maxSize);
    }
    return a;
  }

  static JsonArray optArray(JsonObject o, String key, String path, int maxSize)
      throws ParseException {
    return o.containsKey(key)
        ? array(o, key, path, maxSize)
        : jakarta.json.JsonValue.EMPTY_JSON_ARRAY;
  }

  static String string(JsonObject o, String key, String path) throws ParseException {
    return JsonFields.string(o, key, path);
  }

  /** Standard or URL-safe base64, as protobuf's JSON mapping allows; never empty. */
  static byte[] base64(JsonObject o, String key, String path) throws ParseException {
    return base64(string(o, key, path), path + "." + key);
  }

  static byte[] base64(String s, String path) throws ParseException {
    try {
      byte[] b =
          s.indexOf('-') >= 0 || s.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(s)
              : Base64.getDecoder().decode(s);
      if (b.length == 0) {
        throw new ParseException(path, 0, "empty");
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw new ParseException(path, 0, "not base64: " + e.getMessage());
    }
  }

  /** An int64 written as a JSON string (protobuf) or number; never negative. */
  static long int64(JsonObject o, String key, String path) throws ParseException {
    JsonValue v = o.get(key);
    String p = path + "." + key;
    if (v == null) {
      throw new ParseException(p, 0, "missing");
    }
    long n;
    if (v instanceof JsonString s) {
      String t = s.getString();
      if (t.isEmpty() || t.length() > MAX_INT64_CHARS) {
        throw new ParseException(p, 0, "not an int64: '" + abbreviate(t) + "'");
      }
      for (int i = 0; i < t.length(); i++) {
        if (t.charAt(i) < '0' || t.charAt(i) > '9') {
          throw new ParseException(p, i, "not a decimal integer: '" + abbreviate(t) + "'");
        }
      }
      try {
        n = Long.parseLong(t);
      } catch (NumberFormatException e) {
        throw new ParseException(p, 0, "int64 out of range");
      }
    } else if (v instanceof JsonNumber) {
      n = JsonFields.integer(v, p);
    } else {
      throw new ParseException(p, 0, "expected an integer, found " + JsonFields.kind(v));
    }
    if (n < 0) {
      throw new ParseException(p, 0, "negative");
    }
    return n;
  }

  static Instant instant(JsonObject o, String key, String path) throws ParseException {
    String s = string(o, key, path);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new ParseException(path + "." + key, 0, "not an RFC 3339 time: " + abbreviate(s));
    }
  }

  /** Refuses members other than {@code allowed}, naming the first. */
  static void onlyKeys(JsonObject o, String path, Set<String> allowed) throws ParseException {
    for (String k : o.keySet()) {
      if (!allowed.contains(k)) {
        throw new ParseException(path + "." + abbreviate(k), 0, "unknown member");
      }
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
