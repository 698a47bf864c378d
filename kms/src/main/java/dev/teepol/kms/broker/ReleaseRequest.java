package dev.teepol.kms.broker;

import dev.teepol.core.limits.Limits;
import dev.teepol.kms.crypto.Hpke;
import dev.teepol.kms.crypto.Kem;
import dev.teepol.kms.crypto.RecipientKey;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Set;

/**
 * {@code POST /v1/kms/release}: {@code {"secret": name, "evidence": base64, "nonce": base64,
 * "recipient": {"kem": "X25519"|"P-256", "key": base64}}}. Unknown members are refused.
 */
public record ReleaseRequest(String secret, byte[] evidence, byte[] nonce, RecipientKey recipient) {
  public static final int NONCE_BYTES = 32;
  private static final Set<String> MEMBERS = Set.of("secret", "evidence", "nonce", "recipient");

  /** A request that is not one: 400, naming the member. */
  public static final class BadRequest extends Exception {
    public BadRequest(String message) {
      super(message);
    }
  }

  public static ReleaseRequest parse(byte[] body, Limits limits) throws BadRequest {
    if (body.length > limits.maxRequestBytes()) {
      throw new BadRequest(
          "the request is " + body.length + " bytes, over " + limits.maxRequestBytes());
    }
    JsonObject o;
    try (JsonReader r = Json.createReader(new ByteArrayInputStream(body))) {
      JsonValue v = r.readValue();
      if (!(v instanceof JsonObject obj)) {
        throw new BadRequest("the request is not a JSON object");
      }
      o = obj;
    } catch (JsonException e) {
      throw new BadRequest("the request is not JSON: " + e.getMessage());
    }
    for (String k : o.keySet()) {
      if (!MEMBERS.contains(k)) {
        throw new BadRequest("unknown member '" + k + "' (expected " + MEMBERS + ")");
      }
    }
    String secret = string(o, "secret");
    SecretNames.check(secret, limits);
    byte[] evidence = base64(o, "evidence");
    if (evidence.length == 0 || evidence.length > limits.maxEvidenceBytes()) {
      throw new BadRequest(
          "'evidence' is "
              + evidence.length
              + " bytes; 1.."
              + limits.maxEvidenceBytes()
              + " accepted");
    }
    byte[] nonce = base64(o, "nonce");
    if (nonce.length != NONCE_BYTES) {
      throw new BadRequest(
          "'nonce' is " + nonce.length + " bytes; a challenge nonce is " + NONCE_BYTES);
    }
    if (!(o.get("recipient") instanceof JsonObject rec)) {
      throw new BadRequest("'recipient' must be an object {\"kem\", \"key\"}");
    }
    String kemName = string(rec, "kem");
    Kem kem =
        Kem.byLabel(kemName)
            .orElseThrow(
                () ->
                    new BadRequest("recipient.kem '" + clip(kemName) + "' is not X25519 or P-256"));
    byte[] key = base64(rec, "key");
    RecipientKey recipient;
    try {
      recipient = new RecipientKey(kem, key);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("recipient.key: " + e.getMessage());
    }
    if (!Hpke.usable(recipient)) {
      throw new BadRequest(
          "recipient.key is not a "
              + kem.label()
              + " public key (a P-256 key is an uncompressed point on the curve)");
    }
    return new ReleaseRequest(secret, evidence, nonce, recipient);
  }

  private static String string(JsonObject o, String k) throws BadRequest {
    if (!(o.get(k) instanceof JsonString s)) {
      throw new BadRequest("'" + k + "' must be a string");
    }
    return s.getString();
  }

  private static byte[] base64(JsonObject o, String k) throws BadRequest {
    try {
      return Base64.getDecoder().decode(string(o, k));
    } catch (IllegalArgumentException e) {
      throw new BadRequest("'" + k + "' is not base64");
    }
  }

  private static String clip(String s) {
    return s.length() > 16 ? s.substring(0, 16) + "…" : s;
  }
}
