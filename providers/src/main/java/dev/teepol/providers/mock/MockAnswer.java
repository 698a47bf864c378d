package dev.teepol.providers.mock;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import jakarta.json.JsonObject;
import java.util.HashSet;
import java.util.Set;

/**
 * A development attester's answer: the challenge it answers, repeated, and {@code hmac}, the
 * HMAC-SHA256 over it ({@link MockMac}). What {@code teepol mock attest} prints and the mock
 * provider reads; a document of more than {@link Limits#maxJwtBytes()} bytes, or with any other
 * member, is refused.
 */
public record MockAnswer(MockChallenge challenge, byte[] hmac) {
  static final int MAC_BYTES = 32;

  public MockAnswer {
    hmac = hmac.clone();
  }

  @Override
  public byte[] hmac() {
    return hmac.clone();
  }

  public String toJson() {
    return challenge.toJson().add("hmac", Hex.of(hmac)).build().toString();
  }

  public static MockAnswer parse(byte[] content, Limits limits) throws ParseException {
    if (content.length > limits.maxJwtBytes()) {
      throw new ParseException(
          "attestation",
          0,
          content.length
              + " bytes, over the limit of "
              + limits.maxJwtBytes()
              + " (Limits.maxJwtBytes; a mock answer is about 250 bytes)");
    }
    JsonObject o =
        JsonFields.object(BoundedJson.parse(content, "attestation", limits), "attestation");
    Set<String> known = new HashSet<>(MockChallenge.MEMBERS);
    known.add("hmac");
    for (String k : o.keySet()) {
      if (!known.contains(k)) {
        throw new ParseException("attestation." + k, 0, "unknown member");
      }
    }
    MockChallenge c = MockChallenge.parse(o, "attestation");
    String mac = JsonFields.string(o, "hmac", "attestation");
    if (mac.length() != 2 * MAC_BYTES || !Hex.isHex(mac)) {
      throw new ParseException("attestation.hmac", 0, "must be " + MAC_BYTES + " bytes of hex");
    }
    return new MockAnswer(c, Hex.decode(mac));
  }

  /** The challenge alone, as {@code teepol mock challenge} printed it. */
  public static MockChallenge parseChallenge(byte[] content, Limits limits) throws ParseException {
    if (content.length > limits.maxJwtBytes()) {
      throw new ParseException(
          "challenge", 0, content.length + " bytes, over the limit of " + limits.maxJwtBytes());
    }
    JsonObject o = JsonFields.object(BoundedJson.parse(content, "challenge", limits), "challenge");
    for (String k : o.keySet()) {
      if (!MockChallenge.MEMBERS.contains(k)) {
        throw new ParseException("challenge." + k, 0, "unknown member");
      }
    }
    return MockChallenge.parse(o, "challenge");
  }
}
