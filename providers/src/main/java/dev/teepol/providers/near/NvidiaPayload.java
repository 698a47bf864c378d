package dev.teepol.providers.near;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/**
 * The GPU evidence a model node publishes, {@code {"nonce", "arch", "evidence_list": [...]}}: the
 * body NRAS is asked to attest. Only what teepol compares is kept; the SPDM evidence itself is
 * judged by NRAS.
 */
public record NvidiaPayload(String nonce, String arch, int evidenceCount) {

  static NvidiaPayload parse(String json, String path, Limits limits) throws ParseException {
    JsonObject o = JsonFields.object(BoundedJson.parse(json, path, limits), path);
    String nonce = JsonFields.string(o, "nonce", path);
    String arch = JsonFields.optString(o, "arch", path).orElse("");
    JsonArray list = JsonFields.array(o.get("evidence_list"), path + ".evidence_list");
    if (list.size() > limits.maxAttestedParts()) {
      throw new ParseException(path + ".evidence_list", list.size(), list.size() + " GPU evidence entries, over the limit of "
          + limits.maxAttestedParts());
    }
    if (list.isEmpty()) {
      throw new ParseException(path + ".evidence_list", 0, "no GPU evidence");
    }
    return new NvidiaPayload(nonce, arch, list.size());
  }
}
