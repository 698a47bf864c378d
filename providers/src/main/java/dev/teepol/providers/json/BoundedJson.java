package dev.teepol.providers.json;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON for evidence documents, parsed with the nesting bound of {@link Limits} and with duplicate
 * keys refused: two {@code "compose_hash"} keys in one object would let a verifier and the service
 * read different values from the same bytes. For the same reason every string (member names too)
 * must be valid Unicode: JSON can spell an unpaired surrogate ({@code "\ud800"}), Java keeps it,
 * and the UTF-8 encoder writes it as {@code ?} when the string is hashed, so a document other than
 * the hashed one would match the hash (app_compose, event names, mr_config, payloads).
 */
public final class BoundedJson {
  private static final Map<Integer, JsonReaderFactory> FACTORIES = new ConcurrentHashMap<>();

  private BoundedJson() {}

  public static JsonValue parse(byte[] bytes, String field, Limits limits) throws ParseException {
    if (bytes.length > limits.maxEvidenceBytes()) {
      throw new ParseException(
          field,
          0,
          bytes.length + " bytes, over the evidence limit of " + limits.maxEvidenceBytes());
    }
    JsonValue v;
    try (JsonReader r =
        factory(limits).createReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
      v = r.readValue();
    } catch (JsonParsingException e) {
      throw new ParseException(field, offset(e, bytes.length), "malformed JSON: " + e.getMessage());
    } catch (RuntimeException e) {
      // Parsson reports nesting beyond maxDepth (and some other refusals) as a bare
      // RuntimeException.
      throw new ParseException(field, 0, "malformed JSON: " + e.getMessage());
    }
    refuseUnpairedSurrogates(v, field);
    return v;
  }

  /**
   * Where Parsson stopped, within {@code 0..length}: Parsson says -1 at the end of an empty input
   * and, at the end of some truncated ones, an offset past the end (1331 for a 444-byte QE
   * identity). Both found by fuzzing; a message must point into the input it names.
   */
  public static long offset(JsonParsingException e, long length) {
    long at = e.getLocation() == null ? 0 : e.getLocation().getStreamOffset();
    return Math.max(0, Math.min(at, length));
  }

  /** Parses JSON that arrived as a string inside another JSON document (dstack's event_log). */
  public static JsonValue parse(String text, String field, Limits limits) throws ParseException {
    if (text.length() > limits.maxEvidenceBytes()) {
      throw new ParseException(
          field,
          0,
          text.length() + " characters, over the evidence limit of " + limits.maxEvidenceBytes());
    }
    JsonValue v;
    try (JsonReader r = factory(limits).createReader(new StringReader(text))) {
      v = r.readValue();
    } catch (JsonParsingException e) {
      throw new ParseException(
          field, offset(e, text.length()), "malformed JSON: " + e.getMessage());
    } catch (RuntimeException e) {
      // Parsson reports nesting beyond maxDepth (and some other refusals) as a bare
      // RuntimeException.
      throw new ParseException(field, 0, "malformed JSON: " + e.getMessage());
    }
    refuseUnpairedSurrogates(v, field);
    return v;
  }

  /**
   * Walks every member name and string value (the nesting is already bounded by the parser) and
   * refuses the first one holding an unpaired surrogate, naming its JSON path and character index.
   */
  static void refuseUnpairedSurrogates(JsonValue v, String path) throws ParseException {
    if (v instanceof JsonString s) {
      refuseUnpaired(s.getString(), path, "");
    } else if (v instanceof JsonObject o) {
      for (Map.Entry<String, JsonValue> e : o.entrySet()) {
        String child = path + "." + e.getKey();
        refuseUnpaired(e.getKey(), child, "member name ");
        refuseUnpairedSurrogates(e.getValue(), child);
      }
    } else if (v instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        refuseUnpairedSurrogates(a.get(i), path + "[" + i + "]");
      }
    }
  }

  private static void refuseUnpaired(String s, String path, String what) throws ParseException {
    int i = unpairedSurrogate(s);
    if (i >= 0) {
      throw new ParseException(
          path,
          i,
          what
              + "holds an unpaired UTF-16 surrogate U+"
              + Integer.toHexString(s.charAt(i)).toUpperCase(java.util.Locale.ROOT)
              + " at character "
              + i
              + ": not valid Unicode, so its bytes would not be the text shown");
    }
  }

  /** The index of the first surrogate that is not half of a high-low pair, or -1. */
  static int unpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  private static JsonReaderFactory factory(Limits limits) {
    return FACTORIES.computeIfAbsent(
        limits.maxJsonDepth(),
        depth ->
            Json.createReaderFactory(
                Map.of(
                    "org.eclipse.parsson.maxDepth",
                    depth,
                    "org.eclipse.parsson.rejectDuplicateKeys",
                    true)));
  }
}
