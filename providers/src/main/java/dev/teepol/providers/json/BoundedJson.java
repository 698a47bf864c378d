package dev.teepol.providers.json;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
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
 * read different values from the same bytes.
 */
public final class BoundedJson {
  private static final Map<Integer, JsonReaderFactory> FACTORIES = new ConcurrentHashMap<>();

  private BoundedJson() {}

  public static JsonValue parse(byte[] bytes, String field, Limits limits) throws ParseException {
    if (bytes.length > limits.maxEvidenceBytes()) {
      throw new ParseException(field, 0, bytes.length + " bytes, over the evidence limit of " + limits.maxEvidenceBytes());
    }
    try (JsonReader r = factory(limits).createReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
      return r.readValue();
    } catch (JsonParsingException e) {
      long offset = e.getLocation() == null ? 0 : e.getLocation().getStreamOffset();
      throw new ParseException(field, offset, "malformed JSON: " + e.getMessage());
    } catch (RuntimeException e) {
      // Parsson reports nesting beyond maxDepth (and some other refusals) as a bare RuntimeException.
      throw new ParseException(field, 0, "malformed JSON: " + e.getMessage());
    }
  }

  /** Parses JSON that arrived as a string inside another JSON document (dstack's event_log). */
  public static JsonValue parse(String text, String field, Limits limits) throws ParseException {
    if (text.length() > limits.maxEvidenceBytes()) {
      throw new ParseException(field, 0, text.length() + " characters, over the evidence limit of " + limits.maxEvidenceBytes());
    }
    try (JsonReader r = factory(limits).createReader(new StringReader(text))) {
      return r.readValue();
    } catch (JsonParsingException e) {
      long offset = e.getLocation() == null ? 0 : e.getLocation().getStreamOffset();
      throw new ParseException(field, offset, "malformed JSON: " + e.getMessage());
    } catch (RuntimeException e) {
      // Parsson reports nesting beyond maxDepth (and some other refusals) as a bare RuntimeException.
      throw new ParseException(field, 0, "malformed JSON: " + e.getMessage());
    }
  }

  /** Whether the bytes start, after white space, with {@code c}: a sniff that reads a few bytes. */
  public static boolean startsWith(byte[] b, char c) {
    for (int i = 0; i < b.length && i < 64; i++) {
      byte x = b[i];
      if (x == ' ' || x == '\n' || x == '\r' || x == '\t') {
        continue;
      }
      return x == c;
    }
    return false;
  }

  private static JsonReaderFactory factory(Limits limits) {
    return FACTORIES.computeIfAbsent(limits.maxJsonDepth(), depth -> Json.createReaderFactory(Map.of(
        "org.eclipse.parsson.maxDepth", depth,
        "org.eclipse.parsson.rejectDuplicateKeys", true)));
  }
}
