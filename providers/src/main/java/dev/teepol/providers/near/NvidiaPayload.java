package dev.teepol.providers.near;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The GPU evidence a model node publishes, {@code {"nonce", "arch", "evidence_list": [...]}}: the
 * body NRAS is asked to attest. Only what teepol compares is kept: the nonce, the architecture and,
 * per entry, the device the entry claims to come from. The SPDM evidence itself is judged by NRAS.
 */
record NvidiaPayload(String nonce, String arch, List<Entry> entries) {
  public NvidiaPayload {
    entries = List.copyOf(entries);
  }

  /**
   * One {@code evidence_list} entry's device identity: the serial number (decimal) of the leaf of
   * its {@code certificate} chain (base64 of PEM, leaf first), the number NRAS writes into the
   * GPU's token as {@code ueid}; empty, with the reason, when the entry carries no such chain.
   */
  public record Entry(Optional<String> deviceSerial, String problem) {}

  public int evidenceCount() {
    return entries.size();
  }

  static NvidiaPayload parse(String json, String path, Limits limits) throws ParseException {
    JsonObject o = JsonFields.object(BoundedJson.parse(json, path, limits), path);
    String nonce = JsonFields.string(o, "nonce", path);
    String arch = JsonFields.optString(o, "arch", path).orElse("");
    JsonArray list = JsonFields.array(o.get("evidence_list"), path + ".evidence_list");
    if (list.size() > limits.maxAttestedParts()) {
      throw new ParseException(
          path + ".evidence_list",
          list.size(),
          list.size() + " GPU evidence entries, over the limit of " + limits.maxAttestedParts());
    }
    if (list.isEmpty()) {
      throw new ParseException(path + ".evidence_list", 0, "no GPU evidence");
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = path + ".evidence_list[" + i + "]";
      entries.add(entry(JsonFields.object(list.get(i), at), at, limits));
    }
    return new NvidiaPayload(nonce, arch, entries);
  }

  /**
   * An entry whose certificate does not decode is kept, without identity: no token can bind to it.
   */
  private static Entry entry(JsonObject o, String at, Limits limits) throws ParseException {
    Optional<String> cert = JsonFields.optString(o, "certificate", at);
    if (cert.isEmpty()) {
      return new Entry(Optional.empty(), at + " has no certificate");
    }
    try {
      String pem = new String(Base64.getDecoder().decode(cert.get()), StandardCharsets.US_ASCII);
      return new Entry(
          Optional.of(
              Certificates.parsePemChain(pem, limits.maxCertChainLength())
                  .get(0)
                  .getSerialNumber()
                  .toString()),
          "");
    } catch (IllegalArgumentException | CertificateException e) {
      return new Entry(
          Optional.empty(),
          at + ".certificate is not a base64 PEM certificate chain: " + e.getMessage());
    }
  }
}
