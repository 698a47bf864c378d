package dev.teepol.verifier;

import static dev.teepol.verifier.json.JsonOut.JSON;

import dev.teepol.core.spi.Decoded;
import dev.teepol.verifier.json.JsonOut;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * Evidence decoded without being verified ({@link TeepolVerifier#inspect}, {@code teepol inspect}):
 * every field the provider decodes, or, for a provider that does not decode its format field by
 * field, the normalized evidence of an offline appraisal. Nothing in it was checked.
 */
public final class Inspection {
  /** Bumped only on incompatible changes; new fields may appear without a bump. */
  public static final String SCHEMA = "teepol.dev/inspect/v1";

  /** What every inspection says about itself, in text and JSON. */
  public static final String NOTE =
      "decoded, not verified: no signature, certificate chain, collateral or binding was checked;"
          + " 'teepol verify' judges it";

  /** How the fields were obtained. */
  public enum Method {
    /** The provider decoded every field of its format. */
    FIELDS,
    /** The generic fallback: the normalized evidence of an offline appraisal. */
    NORMALIZED
  }

  private final String input;
  private final String provider;
  private final Method method;
  private final Decoded.Group fields;
  private final Optional<String> problem;

  Inspection(
      String input,
      String provider,
      Method method,
      Decoded.Group fields,
      Optional<String> problem) {
    this.input = input;
    this.provider = provider;
    this.method = method;
    this.fields = fields;
    this.problem = problem;
  }

  static Inspection failed(String input, String provider, String problem) {
    return new Inspection(
        input, provider, Method.FIELDS, Decoded.group().build(), Optional.of(problem));
  }

  /** How the evidence was named (its file, or the name given). */
  public String input() {
    return input;
  }

  /** The provider that recognized the evidence; "" when none did. */
  public String provider() {
    return provider;
  }

  public Method method() {
    return method;
  }

  /** The decoded fields; empty when {@link #problem()} is present. */
  public Decoded.Group fields() {
    return fields;
  }

  /**
   * Why nothing could be decoded: not recognized by any provider, over the size limit, or not
   * decodable (the field and offset).
   */
  public Optional<String> problem() {
    return problem;
  }

  /** The document {@code teepol inspect --format json} prints, indented. */
  public String toJson() {
    return JsonOut.pretty(toJsonObject());
  }

  /** {@link #toJson()} as a JSON-P object (docs/verdict-schema.md, "teepol inspect"). */
  public JsonObject toJsonObject() {
    return JSON.createObjectBuilder()
        .add("schema", SCHEMA)
        .add("input", input)
        .add("provider", provider)
        .add("verified", false)
        .add("decoded", method == Method.FIELDS ? "fields" : "normalized")
        .add("note", NOTE)
        .add("fields", json(fields))
        .build();
  }

  /** One node as JSON: bytes are lowercase hex strings, numbers exact. */
  public static JsonValue json(Decoded.Node n) {
    if (n instanceof Decoded.Text t) {
      return JSON.createValue(t.value());
    }
    if (n instanceof Decoded.Num x) {
      return JSON.createValue(x.value());
    }
    if (n instanceof Decoded.Bool b) {
      return b.value() ? JsonValue.TRUE : JsonValue.FALSE;
    }
    if (n instanceof Decoded.Bytes b) {
      return JSON.createValue(b.hex());
    }
    if (n instanceof Decoded.Group g) {
      JsonObjectBuilder o = JSON.createObjectBuilder();
      g.fields().forEach((k, v) -> o.add(k, json(v)));
      return o.build();
    }
    if (n instanceof Decoded.Items l) {
      JsonArrayBuilder a = JSON.createArrayBuilder();
      l.items().forEach(x -> a.add(json(x)));
      return a.build();
    }
    return JsonValue.NULL;
  }

  @Override
  public String toString() {
    return "Inspection["
        + input
        + " ("
        + provider
        + ")"
        + problem.map(p -> ": " + p).orElse("")
        + "]";
  }
}
