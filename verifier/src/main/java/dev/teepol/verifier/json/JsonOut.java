package dev.teepol.verifier.json;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** JSON-P plumbing shared by the verdict document and the corpus lines. */
public final class JsonOut {
  /** Looked up once: JsonProvider.provider() scans the class path on every call. */
  public static final JsonProvider JSON = JsonProvider.provider();

  private JsonOut() {}

  /** One line, for JSON Lines output. */
  public static String compact(JsonObject o) {
    StringWriter w = new StringWriter();
    try (var writer = JSON.createWriter(w)) {
      writer.writeObject(o);
    }
    return w.toString();
  }

  /** Indented, for a document a person may read. */
  public static String pretty(JsonObject o) {
    StringWriter w = new StringWriter();
    try (var writer =
        JSON.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(w)) {
      writer.writeObject(o);
    }
    return w.toString().strip();
  }

  /** An instant as ISO 8601 UTC, or JSON null when absent. */
  public static JsonValue instant(Optional<Instant> at) {
    return at.<JsonValue>map(i -> JSON.createValue(i.toString())).orElse(JsonValue.NULL);
  }
}
