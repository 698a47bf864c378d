package dev.teepol.providers.dstack;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import jakarta.json.JsonObject;
import java.util.Locale;

/**
 * The key provider a dstack app booted with, from the {@code key-provider} runtime event payload
 * {@code {"name":"kms","id":"<hex>"}}. For {@code kms} the id is the KMS root public key (hex DER
 * SubjectPublicKeyInfo); for {@code local-sgx} the MRENCLAVE of the sealing-key provider.
 */
record KeyProvider(String name, byte[] id) {
  KeyProvider {
    id = id.clone();
  }

  static KeyProvider parse(byte[] payload, Limits limits) throws ParseException {
    JsonObject o =
        JsonFields.object(BoundedJson.parse(payload, "key-provider", limits), "key-provider");
    String name = JsonFields.string(o, "name", "key-provider");
    String id = JsonFields.optString(o, "id", "key-provider").orElse("");
    if (!id.isEmpty() && !Hex.isHex(id)) {
      throw new ParseException("key-provider.id", 0, "not hex");
    }
    return new KeyProvider(name, Hex.decode(id.toLowerCase(Locale.ROOT)));
  }

  @Override
  public byte[] id() {
    return id.clone();
  }

  /** The id as the evidence shows it (kms.root_key): lowercase hex. */
  String idHex() {
    return Hex.of(id);
  }

  /** dstack's KeyProviderKind byte, as hashed into MR_CONFIG v2. */
  int kindByte() throws ParseException {
    return switch (name) {
      case "none" -> 0;
      case "local-sgx", "local" -> 1;
      case "kms" -> 2;
      case "tpm" -> 3;
      case "amd-snp-derived", "snp_derived" -> 4;
      default ->
          throw new ParseException(
              "key-provider.name", 0, "unknown key provider kind '" + name + "'");
    };
  }
}
