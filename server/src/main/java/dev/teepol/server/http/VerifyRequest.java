package dev.teepol.server.http;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.verifier.VerifyOptions;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /v1/verify} as parsed: the evidence bytes, and how to judge them. Two shapes
 * (docs/service.md): a JSON envelope ({@code Content-Type: application/json}) with the evidence in
 * base64, or the raw evidence with any other content type and the rest in query parameters. Unknown
 * fields and parameters are refused, so a misspelt {@code nonce} never silently verifies without
 * one.
 *
 * @param attestationResult the caller asked for a signed EAR in the JSON answer
 */
public record VerifyRequest(
    byte[] evidence,
    Optional<String> policy,
    Optional<String> challenge,
    Optional<byte[]> nonce,
    boolean attestationResult,
    Optional<NrasMaterial> nras,
    Optional<String> audience) {

  static final Set<String> FIELDS =
      Set.of("evidence", "policy", "challenge", "nonce", "attestation_result", "nras", "audience");
  static final Set<String> NRAS_FIELDS = Set.of("response", "jwks");
  static final Set<String> QUERY =
      Set.of("policy", "challenge", "nonce", "attestation_result", "audience");

  public static VerifyRequest parse(Call call, Limits limits) throws ApiError {
    byte[] body = call.body();
    VerifyRequest r =
        call.contentType().equals(Reply.JSON) ? envelope(body, limits) : raw(body, call);
    if (r.evidence.length == 0) {
      throw ApiError.badRequest("no evidence: the body is empty");
    }
    if (r.evidence.length > limits.maxEvidenceBytes()) {
      throw new ApiError(
          413,
          "too_large",
          "the evidence is "
              + r.evidence.length
              + " bytes, over the limit of "
              + limits.maxEvidenceBytes()
              + " bytes (maxEvidenceBytes)");
    }
    if (r.challenge.isPresent() && r.nonce.isPresent()) {
      throw ApiError.badRequest(
          "give either challenge (a token from POST /v1/challenge) or nonce (your own), not both");
    }
    return r;
  }

  private static VerifyRequest raw(byte[] body, Call call) throws ApiError {
    for (String name : call.queryNames()) {
      if (!QUERY.contains(name)) {
        throw ApiError.badRequest(
            "unknown query parameter '"
                + name
                + "' (known: "
                + String.join(", ", sorted(QUERY))
                + ")");
      }
    }
    Optional<String> ear = call.query("attestation_result");
    return new VerifyRequest(
        body,
        call.query("policy"),
        call.query("challenge"),
        nonce(call.query("nonce")),
        ear.isPresent() && bool("attestation_result", ear.get()),
        Optional.empty(),
        audience(call.query("audience")));
  }

  private static VerifyRequest envelope(byte[] body, Limits limits) throws ApiError {
    JsonValue v;
    try {
      v = BoundedJson.parse(body, "request", limits);
    } catch (ParseException e) {
      throw ApiError.badRequest(
          "the body is not valid JSON: "
              + e.getMessage()
              + " (send raw evidence with another Content-Type, e.g. application/octet-stream)");
    }
    if (!(v instanceof JsonObject o)) {
      throw ApiError.badRequest("the body must be a JSON object with an 'evidence' member");
    }
    for (String name : o.keySet()) {
      if (!FIELDS.contains(name)) {
        throw ApiError.badRequest(
            "unknown field '"
                + name
                + "' (known: "
                + String.join(", ", sorted(FIELDS))
                + "); raw JSON evidence, such as a NEAR or dstack report, goes in 'evidence' as"
                + " base64, or as the body with Content-Type application/octet-stream");
      }
    }
    if (!o.containsKey("evidence")) {
      throw ApiError.badRequest("missing field 'evidence' (the evidence, base64)");
    }
    byte[] evidence = base64("evidence", string(o, "evidence").orElseThrow());
    boolean ear = false;
    if (o.containsKey("attestation_result")) {
      JsonValue e = o.get("attestation_result");
      if (e.getValueType() == JsonValue.ValueType.TRUE) {
        ear = true;
      } else if (e.getValueType() != JsonValue.ValueType.FALSE) {
        throw ApiError.badRequest("field 'attestation_result' must be true or false");
      }
    }
    return new VerifyRequest(
        evidence,
        string(o, "policy"),
        string(o, "challenge"),
        nonce(string(o, "nonce")),
        ear,
        nras(o, limits),
        audience(string(o, "audience")));
  }

  /** {@code "nras": {"response": base64, "jwks": base64}}, each part bounded like its file. */
  private static Optional<NrasMaterial> nras(JsonObject o, Limits limits) throws ApiError {
    if (!o.containsKey("nras") || o.isNull("nras")) {
      return Optional.empty();
    }
    if (!(o.get("nras") instanceof JsonObject n)) {
      throw ApiError.badRequest("field 'nras' must be an object {\"response\", \"jwks\"}");
    }
    for (String name : n.keySet()) {
      if (!NRAS_FIELDS.contains(name)) {
        throw ApiError.badRequest(
            "unknown field 'nras." + name + "' (known: jwks, response; each base64)");
      }
    }
    long max = Math.max(limits.maxCollateralBytes(), limits.maxEvidenceBytes());
    Optional<byte[]> response = part(n, "response", max);
    Optional<byte[]> jwks = part(n, "jwks", limits.maxCollateralBytes());
    if (response.isEmpty() && jwks.isEmpty()) {
      throw ApiError.badRequest("field 'nras' holds neither 'response' nor 'jwks'");
    }
    return Optional.of(new NrasMaterial(response, jwks));
  }

  private static Optional<byte[]> part(JsonObject n, String name, long max) throws ApiError {
    Optional<String> text = string(n, name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    byte[] b = base64("nras." + name, text.get());
    if (b.length > max) {
      throw new ApiError(
          413,
          "too_large",
          "nras." + name + " is " + b.length + " bytes, over the limit of " + max + " bytes");
    }
    return Optional.of(b);
  }

  private static Optional<String> string(JsonObject o, String name) throws ApiError {
    if (!o.containsKey(name) || o.isNull(name)) {
      return Optional.empty();
    }
    if (!(o.get(name) instanceof JsonString s)) {
      throw ApiError.badRequest("field '" + name + "' must be a string");
    }
    return Optional.of(s.getString());
  }

  private static byte[] base64(String field, String text) throws ApiError {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(text);
      } catch (IllegalArgumentException e2) {
        throw ApiError.badRequest("field '" + field + "' is not base64: " + e.getMessage());
      }
    }
  }

  /**
   * The audience the caller asked a token to be issued to (Confidential Space); without it such a
   * token is UNEVALUABLE. Bounded like a name so it never dominates a log line or the cache key.
   */
  private static Optional<String> audience(Optional<String> a) throws ApiError {
    if (a.isPresent() && (a.get().isEmpty() || a.get().length() > MAX_AUDIENCE_CHARS)) {
      throw ApiError.badRequest(
          "audience must be 1 to " + MAX_AUDIENCE_CHARS + " characters (the token's 'aud')");
    }
    return a;
  }

  static final int MAX_AUDIENCE_CHARS = 2048;

  private static Optional<byte[]> nonce(Optional<String> hex) throws ApiError {
    if (hex.isEmpty()) {
      return Optional.empty();
    }
    String h = hex.get();
    if (h.isEmpty() || h.length() > 2 * VerifyOptions.MAX_NONCE_BYTES || !Hex.isHex(h)) {
      throw ApiError.badRequest(
          "nonce must be 1 to "
              + VerifyOptions.MAX_NONCE_BYTES
              + " bytes of hex (an even number of 0-9a-f)");
    }
    try {
      return Optional.of(Hex.decode(h));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("nonce: " + e.getMessage());
    }
  }

  private static boolean bool(String name, String v) throws ApiError {
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiError.badRequest(name + " must be true or false");
    };
  }

  private static java.util.List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
