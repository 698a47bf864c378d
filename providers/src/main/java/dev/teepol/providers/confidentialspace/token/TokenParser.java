package dev.teepol.providers.confidentialspace.token;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.evidence.CsContainer;
import dev.teepol.core.evidence.GceInstance;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import dev.teepol.providers.json.JsonPrefix;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compact JWS bytes → {@link CsToken}, a pure function. The token is bounded ({@link
 * Limits#maxJwtBytes()}) before anything is decoded, its header and payload are parsed by {@link
 * BoundedJson} (nesting bound, duplicate names and unpaired surrogates refused, so the claims
 * judged are the claims signed), and every claim teepol reads must have its documented JSON type. A
 * claim or header parameter teepol does not know is listed in {@link TokenClaims#unknown()} /
 * {@link TokenHeader#unknown()}, never silently dropped. Only white space around the token is
 * ignored (a token saved with {@code echo} ends in a newline).
 */
public final class TokenParser {
  /** The header parameters of Confidential Space tokens. */
  static final Set<String> HEADER = Set.of("alg", "typ", "kid", "x5c");

  /** Top-level claims (Google's token-claims reference, plus the registered JWT id). */
  static final Set<String> TOP =
      Set.of(
          "iss",
          "aud",
          "sub",
          "iat",
          "nbf",
          "exp",
          "jti",
          "eat_nonce",
          "eat_profile",
          "secboot",
          "oemid",
          "hwmodel",
          "swname",
          "swversion",
          "attester_tcb",
          "dbgstat",
          "submods",
          "google_service_accounts",
          "tdx");

  static final Set<String> SUBMODS = Set.of("confidential_space", "container", "gce");
  static final Set<String> CONFIDENTIAL_SPACE = Set.of("support_attributes", "monitoring_enabled");
  static final Set<String> MONITORING = Set.of("memory");
  static final Set<String> CONTAINER =
      Set.of(
          "image_reference",
          "image_digest",
          "image_id",
          "restart_policy",
          "args",
          "env",
          "cmd_override",
          "env_override");
  static final Set<String> GCE =
      Set.of("zone", "project_id", "project_number", "instance_name", "instance_id");
  static final Set<String> TDX = Set.of("gcp_attester_tcb_status", "gcp_attester_tcb_date");

  private TokenParser() {}

  /**
   * A cheap sniff: a compact JWS (base64url segments, two dots) whose header names an {@code alg}
   * and whose payload has an {@code iss} and a Confidential Space claim ({@code hwmodel}, {@code
   * swname} or {@code submods}). Decodes at most {@link Limits#maxJwtBytes()} bytes, never throws.
   */
  public static boolean looksLikeToken(byte[] content, Limits limits) {
    try {
      Optional<String[]> parts = segments(content, limits);
      if (parts.isEmpty() || !parts.get()[0].startsWith("eyJ")) {
        return false;
      }
      JsonPrefix header = JsonPrefix.scan(base64Url(parts.get()[0]), limits);
      JsonPrefix payload = JsonPrefix.scan(base64Url(parts.get()[1]), limits);
      return header.has("alg")
          && payload.has("iss")
          && (payload.has("hwmodel") || payload.has("swname") || payload.has("submods"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * @throws ParseException naming the segment or claim and the offset (in the token, or the index
   *     in a list) of the first defect
   */
  public static CsToken parse(byte[] content, Limits limits) throws ParseException {
    if (content.length > limits.maxJwtBytes() + 64L) {
      throw new ParseException(
          "token",
          0,
          content.length
              + " bytes, over the limit of "
              + limits.maxJwtBytes()
              + " (Limits.maxJwtBytes; Confidential Space tokens are about 11 KB)");
    }
    int from = 0;
    int to = content.length;
    while (from < to && whiteSpace(content[from])) {
      from++;
    }
    while (to > from && whiteSpace(content[to - 1])) {
      to--;
    }
    if (to - from > limits.maxJwtBytes()) {
      throw new ParseException(
          "token",
          from,
          (to - from)
              + " bytes, over the limit of "
              + limits.maxJwtBytes()
              + " (Limits.maxJwtBytes)");
    }
    if (from == to) {
      throw new ParseException("token", 0, "empty");
    }
    int dots = 0;
    for (int i = from; i < to; i++) {
      byte c = content[i];
      if (c == '.') {
        dots++;
      } else if (!base64UrlChar(c)) {
        throw new ParseException(
            "token",
            i,
            String.format("byte 0x%02x is neither base64url nor '.': not a compact JWS", c & 0xff));
      }
    }
    if (dots != 2) {
      throw new ParseException(
          "token", from, "a compact JWS has 3 segments separated by '.', found " + (dots + 1));
    }
    String compact = new String(content, from, to - from, StandardCharsets.US_ASCII);
    int d1 = compact.indexOf('.');
    int d2 = compact.indexOf('.', d1 + 1);
    String h = compact.substring(0, d1);
    String p = compact.substring(d1 + 1, d2);
    String s = compact.substring(d2 + 1);
    // An empty signature (alg "none") decodes; the signature check refuses it by its alg.
    if (h.isEmpty() || p.isEmpty()) {
      throw new ParseException(
          h.isEmpty() ? "header" : "payload", from + (h.isEmpty() ? 0 : d1 + 1), "empty segment");
    }
    TokenHeader header = header(decode(h, "header", from), limits);
    decode(s, "signature", from + d2 + 1);
    TokenClaims claims = claims(decode(p, "payload", from + d1 + 1), limits);
    return new CsToken(compact, header, claims);
  }

  private static TokenHeader header(byte[] json, Limits limits) throws ParseException {
    JsonObject o = JsonFields.object(BoundedJson.parse(json, "header", limits), "header");
    if (o.containsKey("crit")) {
      throw new ParseException(
          "header.crit", 0, "critical header parameters are not supported: refusing the token");
    }
    String alg = JsonFields.string(o, "alg", "header");
    Optional<String> typ = JsonFields.optString(o, "typ", "header");
    Optional<String> kid = JsonFields.optString(o, "kid", "header");
    List<X509Certificate> x5c = new ArrayList<>();
    JsonValue chain = o.get("x5c");
    if (chain != null) {
      JsonArray a = JsonFields.array(chain, "header.x5c");
      if (a.isEmpty()) {
        throw new ParseException("header.x5c", 0, "an empty certificate chain");
      }
      if (a.size() > limits.maxCertChainLength()) {
        throw new ParseException(
            "header.x5c",
            0,
            a.size()
                + " certificates, over the limit of "
                + limits.maxCertChainLength()
                + " (Limits.maxCertChainLength)");
      }
      for (int i = 0; i < a.size(); i++) {
        String path = "header.x5c[" + i + "]";
        if (!(a.get(i) instanceof JsonString str)) {
          throw new ParseException(
              path, i, "expected a string, found " + JsonFields.kind(a.get(i)));
        }
        byte[] der;
        try {
          // x5c is standard base64 with padding (RFC 7515 4.1.6), not base64url.
          der = Base64.getDecoder().decode(str.getString());
        } catch (IllegalArgumentException e) {
          throw new ParseException(path, i, "not standard base64: " + e.getMessage());
        }
        try {
          x5c.add(Certificates.parseDer(der));
        } catch (CertificateException | RuntimeException e) {
          throw new ParseException(path, i, "not an X.509 certificate: " + e.getMessage());
        }
      }
    }
    return new TokenHeader(alg, typ, kid, x5c, unknown(o, HEADER, "header"));
  }

  private static TokenClaims claims(byte[] json, Limits limits) throws ParseException {
    JsonObject o = JsonFields.object(BoundedJson.parse(json, "payload", limits), "payload");
    List<String> unknown = new ArrayList<>(unknown(o, TOP, "payload"));
    JsonObject submods = optObject(o, "submods", "payload");
    unknown.addAll(unknown(submods, SUBMODS, "payload.submods"));
    JsonObject cs = optObject(submods, "confidential_space", "payload.submods");
    unknown.addAll(unknown(cs, CONFIDENTIAL_SPACE, "payload.submods.confidential_space"));
    JsonObject monitoring =
        optObject(cs, "monitoring_enabled", "payload.submods.confidential_space");
    unknown.addAll(
        unknown(monitoring, MONITORING, "payload.submods.confidential_space.monitoring_enabled"));
    JsonObject container = optObject(submods, "container", "payload.submods");
    unknown.addAll(unknown(container, CONTAINER, "payload.submods.container"));
    JsonObject gce = optObject(submods, "gce", "payload.submods");
    unknown.addAll(unknown(gce, GCE, "payload.submods.gce"));
    JsonObject tdx = optObject(o, "tdx", "payload");
    unknown.addAll(unknown(tdx, TDX, "payload.tdx"));

    String c = "payload.submods.container";
    CsContainer ctr =
        new CsContainer(
            str(container, "image_reference", c),
            str(container, "image_digest", c),
            str(container, "image_id", c),
            str(container, "restart_policy", c),
            strings(container, "args", c),
            stringMap(container, "env", c),
            strings(container, "cmd_override", c),
            stringMap(container, "env_override", c));
    String g = "payload.submods.gce";
    GceInstance instance =
        new GceInstance(
            str(gce, "zone", g),
            str(gce, "project_id", g),
            str(gce, "project_number", g),
            str(gce, "instance_name", g),
            str(gce, "instance_id", g));
    // oemid is read for its type only: Google's IANA enterprise number, 11129, names no fact a
    // policy needs.
    optInteger(o, "oemid", "payload");
    JsonFields.optString(o, "eat_profile", "payload");
    JsonFields.optString(o, "jti", "payload");
    return new TokenClaims(
        JsonFields.optString(o, "iss", "payload"),
        stringOrStrings(o, "aud", "payload"),
        JsonFields.optString(o, "sub", "payload"),
        numericDate(o, "iat"),
        numericDate(o, "nbf"),
        numericDate(o, "exp"),
        stringOrStrings(o, "eat_nonce", "payload"),
        JsonFields.optString(o, "hwmodel", "payload"),
        JsonFields.optString(o, "dbgstat", "payload"),
        bool(o, "secboot", "payload"),
        JsonFields.optString(o, "swname", "payload"),
        strings(o, "swversion", "payload"),
        strings(o, "attester_tcb", "payload"),
        strings(cs, "support_attributes", "payload.submods.confidential_space"),
        bool(monitoring, "memory", "payload.submods.confidential_space.monitoring_enabled"),
        ctr,
        instance,
        strings(o, "google_service_accounts", "payload"),
        JsonFields.optString(tdx, "gcp_attester_tcb_status", "payload.tdx"),
        rfc3339(tdx, "gcp_attester_tcb_date", "payload.tdx"),
        unknown);
  }

  private static List<String> unknown(JsonObject o, Set<String> known, String path) {
    return o.keySet().stream().filter(k -> !known.contains(k)).map(k -> path + "." + k).toList();
  }

  private static JsonObject optObject(JsonObject o, String key, String path) throws ParseException {
    JsonValue v = o.get(key);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    return JsonFields.object(v, path + "." + key);
  }

  private static String str(JsonObject o, String key, String path) throws ParseException {
    return JsonFields.optString(o, key, path).orElse("");
  }

  private static boolean bool(JsonObject o, String key, String path) throws ParseException {
    JsonValue v = o.get(key);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return false;
    }
    if (v.getValueType() == JsonValue.ValueType.TRUE) {
      return true;
    }
    if (v.getValueType() == JsonValue.ValueType.FALSE) {
      return false;
    }
    throw new ParseException(
        path + "." + key, 0, "expected true or false, found " + JsonFields.kind(v));
  }

  private static Optional<Long> optInteger(JsonObject o, String key, String path)
      throws ParseException {
    JsonValue v = o.get(key);
    return v == null || v.getValueType() == JsonValue.ValueType.NULL
        ? Optional.empty()
        : Optional.of(JsonFields.integer(v, path + "." + key));
  }

  /** RFC 7519 NumericDate, in whole seconds (Google's are). */
  private static Optional<Instant> numericDate(JsonObject o, String key) throws ParseException {
    Optional<Long> s = optInteger(o, key, "payload");
    if (s.isPresent() && (s.get() < 0 || s.get() > Instant.MAX.getEpochSecond())) {
      throw new ParseException("payload." + key, 0, "seconds out of range: " + s.get());
    }
    return s.map(Instant::ofEpochSecond);
  }

  private static Optional<Instant> rfc3339(JsonObject o, String key, String path)
      throws ParseException {
    Optional<String> s = JsonFields.optString(o, key, path);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(s.get()));
    } catch (DateTimeParseException e) {
      throw new ParseException(path + "." + key, 0, "not an RFC 3339 UTC time: " + s.get());
    }
  }

  private static List<String> strings(JsonObject o, String key, String path) throws ParseException {
    JsonValue v = o.get(key);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return List.of();
    }
    return stringItems(JsonFields.array(v, path + "." + key), path + "." + key);
  }

  /** A string, or a list of strings (JWT {@code aud}, EAT {@code eat_nonce}). */
  private static List<String> stringOrStrings(JsonObject o, String key, String path)
      throws ParseException {
    JsonValue v = o.get(key);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return List.of();
    }
    if (v instanceof JsonString s) {
      return List.of(s.getString());
    }
    if (v instanceof JsonArray a) {
      return stringItems(a, path + "." + key);
    }
    throw new ParseException(
        path + "." + key, 0, "expected a string or a list of strings, found " + JsonFields.kind(v));
  }

  private static List<String> stringItems(JsonArray a, String path) throws ParseException {
    List<String> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      if (!(a.get(i) instanceof JsonString s)) {
        throw new ParseException(
            path + "[" + i + "]", i, "expected a string, found " + JsonFields.kind(a.get(i)));
      }
      out.add(s.getString());
    }
    return out;
  }

  private static Map<String, String> stringMap(JsonObject o, String key, String path)
      throws ParseException {
    JsonObject m = optObject(o, key, path);
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : m.entrySet()) {
      if (!(e.getValue() instanceof JsonString s)) {
        throw new ParseException(
            path + "." + key + "." + e.getKey(),
            0,
            "expected a string, found " + JsonFields.kind(e.getValue()));
      }
      out.put(e.getKey(), s.getString());
    }
    return out;
  }

  /** The three segments when the bytes are one compact JWS within the bound (white space aside). */
  private static Optional<String[]> segments(byte[] b, Limits limits) {
    int from = 0;
    int to = b.length;
    while (from < to && whiteSpace(b[from])) {
      from++;
    }
    while (to > from && whiteSpace(b[to - 1])) {
      to--;
    }
    if (to - from > limits.maxJwtBytes() || to - from < 5) {
      return Optional.empty();
    }
    int dots = 0;
    for (int i = from; i < to; i++) {
      if (b[i] == '.') {
        dots++;
      } else if (!base64UrlChar(b[i])) {
        return Optional.empty();
      }
    }
    if (dots != 2) {
      return Optional.empty();
    }
    String t = new String(b, from, to - from, StandardCharsets.US_ASCII);
    int d1 = t.indexOf('.');
    int d2 = t.indexOf('.', d1 + 1);
    return Optional.of(
        new String[] {t.substring(0, d1), t.substring(d1 + 1, d2), t.substring(d2 + 1)});
  }

  /**
   * Unpadded base64url, canonical only: a last character with unused bits set decodes to the same
   * bytes as the canonical one, so two different token strings would carry one signature (and slip
   * past anything that remembers tokens by their text).
   */
  private static byte[] decode(String segment, String what, int offset) throws ParseException {
    byte[] b;
    try {
      b = base64Url(segment);
    } catch (IllegalArgumentException e) {
      throw new ParseException(what, offset, "not base64url: " + e.getMessage());
    }
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(b).equals(segment)) {
      throw new ParseException(
          what, offset + segment.length() - 1, "not canonical base64url (unused bits set)");
    }
    return b;
  }

  private static byte[] base64Url(String segment) {
    return Base64.getUrlDecoder().decode(segment);
  }

  private static boolean base64UrlChar(byte c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }

  private static boolean whiteSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }
}
