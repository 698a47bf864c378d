package dev.teepol.providers.mock;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.providers.json.JsonFields;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * A challenge of the development attester, shaped like Blindference's ({@code challengeId}, {@code
 * nonce}, {@code expiresAt}) plus the time it was issued: what {@code teepol mock challenge} prints
 * and what an answer repeats. Every field is covered by the answer's HMAC ({@link MockMac}).
 *
 * @param challengeId 1..64 characters of {@code [A-Za-z0-9._-]}
 * @param nonce 1..64 bytes, written as lowercase hex
 */
public record MockChallenge(String challengeId, byte[] nonce, Instant issuedAt, Instant expiresAt) {
  /** The longest nonce: as long as report_data, so it can be given back as {@code --nonce}. */
  public static final int MAX_NONCE_BYTES = 64;

  static final int MAX_ID_CHARS = 64;

  static final Set<String> MEMBERS = Set.of("challengeId", "nonce", "issuedAt", "expiresAt");

  public MockChallenge {
    nonce = nonce.clone();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  public JsonObjectBuilder toJson() {
    return Json.createObjectBuilder()
        .add("challengeId", challengeId)
        .add("nonce", Hex.of(nonce))
        .add("issuedAt", issuedAt.toString())
        .add("expiresAt", expiresAt.toString());
  }

  /** The challenge fields of {@code o}; other members are the caller's to check. */
  static MockChallenge parse(JsonObject o, String path) throws ParseException {
    String id = JsonFields.string(o, "challengeId", path);
    if (id.isEmpty() || id.length() > MAX_ID_CHARS) {
      throw new ParseException(
          path + ".challengeId",
          0,
          "must be 1.." + MAX_ID_CHARS + " characters, has " + id.length());
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        throw new ParseException(
            path + ".challengeId", i, "character " + i + " is not one of [A-Za-z0-9._-]");
      }
    }
    String nonceHex = JsonFields.string(o, "nonce", path);
    if (nonceHex.isEmpty()
        || nonceHex.length() > 2 * MAX_NONCE_BYTES
        || !Hex.isHex(nonceHex)
        || !nonceHex.equals(nonceHex.toLowerCase(java.util.Locale.ROOT))) {
      throw new ParseException(
          path + ".nonce", 0, "must be 1.." + MAX_NONCE_BYTES + " bytes of lowercase hex");
    }
    Instant issued = instant(o, "issuedAt", path);
    Instant expires = instant(o, "expiresAt", path);
    if (!issued.isBefore(expires)) {
      throw new ParseException(
          path + ".expiresAt", 0, "expiresAt " + expires + " is not after issuedAt " + issued);
    }
    return new MockChallenge(id, Hex.decode(nonceHex), issued, expires);
  }

  private static Instant instant(JsonObject o, String key, String path) throws ParseException {
    String s = JsonFields.string(o, key, path);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new ParseException(path + "." + key, 0, "not an ISO 8601 UTC instant: " + s);
    }
  }
}
