package dev.teepol.verifier.near;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import jakarta.json.JsonObject;

/** Bytes → {@link ChatSignature}, every member a string, the required ones present. */
public final class ChatSignatureParser {
  private ChatSignatureParser() {}

  public static ChatSignature parse(byte[] bytes, Limits limits) throws ParseException {
    JsonObject o = JsonFields.object(BoundedJson.parse(bytes, "$", limits), "$");
    return new ChatSignature(
        JsonFields.string(o, "text", "$"),
        JsonFields.string(o, "signature", "$"),
        JsonFields.string(o, "signing_address", "$"),
        JsonFields.string(o, "signing_algo", "$"),
        JsonFields.optString(o, "signature_kind", "$"));
  }
}
