package dev.teepol.providers.sigstore.abi;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Decodes the in-toto statement a DSSE envelope signs, and the predicates teepol knows. */
public final class StatementParser {
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
  static final List<String> TYPES =
      List.of("https://in-toto.io/Statement/v1", "https://in-toto.io/Statement/v0.1");

  /** SHA-384 registers (SNP MEASUREMENT, TDX MRTD/RTMRs) are 48 bytes. */
  static final int REGISTER_BYTES = 48;

  /** Hardware profiles in one predicate at most (Tinfoil lists about twenty). */
  static final int MAX_PROFILES = 256;

  private StatementParser() {}

  public static Statement parse(byte[] payload, Limits limits) throws ParseException {
    JsonObject o = JsonFields.object(BoundedJson.parse(payload, "statement", limits), "statement");
    String type = Json.string(o, "_type", "statement");
    if (!TYPES.contains(type)) {
      throw new ParseException(
          "statement._type", 0, "not an in-toto statement: '" + Json.abbreviate(type) + "'");
    }
    JsonArray subjects = Json.array(o, "subject", "statement", limits.maxAttestedParts());
    if (subjects.isEmpty()) {
      throw new ParseException("statement.subject", 0, "empty: the statement is about nothing");
    }
    List<Statement.Subject> out = new ArrayList<>();
    for (int i = 0; i < subjects.size(); i++) {
      String p = "statement.subject[" + i + "]";
      JsonObject s = JsonFields.object(subjects.get(i), p);
      String name = JsonFields.optString(s, "name", p).orElse("");
      JsonObject d = Json.object(s, "digest", p);
      if (d.size() > limits.maxAttestedParts()) {
        throw new ParseException(p + ".digest", 0, "too many digests");
      }
      Map<String, String> digests = new TreeMap<>();
      for (Map.Entry<String, JsonValue> e : d.entrySet()) {
        String dp = p + ".digest." + Json.abbreviate(e.getKey());
        String hex = Json.string(d, e.getKey(), p + ".digest");
        if (hex.length() > 256 || !Hex.isHex(hex)) {
          throw new ParseException(dp, 0, "not a hex digest");
        }
        digests.put(e.getKey(), hex.toLowerCase(Locale.ROOT));
      }
      out.add(new Statement.Subject(name, digests));
    }
    String predicateType = Json.string(o, "predicateType", "statement");
    JsonValue predicate = o.getOrDefault("predicate", JsonValue.NULL);
    return new Statement(out, predicateType, predicate(predicateType, predicate));
  }

  static Predicate predicate(String type, JsonValue v) throws ParseException {
    return switch (type) {
      case Predicate.TINFOIL_DEPLOYMENT -> {
        JsonObject p = JsonFields.object(v, "statement.predicate");
        JsonObject tdx = Json.object(p, "tdx_measurement", "statement.predicate");
        yield new Predicate.TinfoilDeployment(
            register(p, "snp_measurement", "statement.predicate"),
            register(tdx, "rtmr1", "statement.predicate.tdx_measurement"),
            register(tdx, "rtmr2", "statement.predicate.tdx_measurement"));
      }
      case Predicate.TINFOIL_HARDWARE -> {
        JsonObject p = JsonFields.object(v, "statement.predicate");
        if (p.isEmpty() || p.size() > MAX_PROFILES) {
          throw new ParseException(
              "statement.predicate",
              0,
              p.size() + " hardware profiles, expected 1 to " + MAX_PROFILES);
        }
        Map<String, Predicate.TdxProfile> profiles = new LinkedHashMap<>();
        for (String name : new TreeMap<>(p).keySet()) {
          String pp = "statement.predicate." + Json.abbreviate(name);
          JsonObject prof = Json.object(p, name, "statement.predicate");
          profiles.put(
              name,
              new Predicate.TdxProfile(register(prof, "mrtd", pp), register(prof, "rtmr0", pp)));
        }
        yield new Predicate.HardwareMeasurements(profiles);
      }
      default -> new Predicate.Other(type);
    };
  }

  private static String register(JsonObject o, String key, String path) throws ParseException {
    byte[] b = JsonFields.hex(Json.string(o, key, path), path + "." + key, REGISTER_BYTES);
    if (b.length != REGISTER_BYTES) {
      throw new ParseException(
          path + "." + key, 0, b.length + " bytes, a register has " + REGISTER_BYTES);
    }
    return Hex.of(b);
  }
}
