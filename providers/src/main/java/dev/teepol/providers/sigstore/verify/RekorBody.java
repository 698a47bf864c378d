package dev.teepol.providers.sigstore.verify;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import dev.teepol.providers.sigstore.abi.BundleContent;
import dev.teepol.providers.sigstore.abi.TlogEntry;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Whether a Rekor entry's body is about this bundle: the same kind and version as the entry says,
 * the same payload (or artifact digest), the same signatures and the same certificate. A log entry
 * for anything else proves nothing about this bundle, however well it verifies.
 */
final class RekorBody {
  private RekorBody() {}

  /** Empty when the body matches, else why not. */
  static Optional<String> mismatch(
      TlogEntry e, BundleContent content, X509Certificate leaf, Limits limits) {
    JsonObject body;
    try {
      body =
          JsonFields.object(
              BoundedJson.parse(e.canonicalizedBody(), "canonicalizedBody", limits), "body");
      String kind = JsonFields.string(body, "kind", "body");
      String version = JsonFields.string(body, "apiVersion", "body");
      if (!kind.equals(e.kind()) || !version.equals(e.kindVersion())) {
        return Optional.of(
            "the body is a "
                + kind
                + " "
                + version
                + " entry, the bundle says "
                + e.kind()
                + " "
                + e.kindVersion());
      }
      JsonObject spec = JsonFields.object(body.get("spec"), "body.spec");
      return switch (kind + " " + version) {
        case "dsse 0.0.1" -> dsse(spec, content, leaf);
        case "hashedrekord 0.0.1" -> hashedRekord(spec, content, leaf);
        default ->
            Optional.of(
                "entry kind "
                    + kind
                    + " "
                    + version
                    + " is not supported (dsse 0.0.1, hashedrekord 0.0.1)");
      };
    } catch (ParseException ex) {
      return Optional.of(ex.getMessage());
    }
  }

  private static Optional<String> dsse(JsonObject spec, BundleContent content, X509Certificate leaf)
      throws ParseException {
    if (!(content instanceof BundleContent.Dsse d)) {
      return Optional.of("a dsse entry for a bundle that is not a DSSE envelope");
    }
    JsonObject ph = JsonFields.object(spec.get("payloadHash"), "body.spec.payloadHash");
    if (!"sha256".equals(JsonFields.string(ph, "algorithm", "body.spec.payloadHash"))
        || !Hex.of(Digests.sha256(d.payload()))
            .equals(JsonFields.string(ph, "value", "body.spec.payloadHash"))) {
      return Optional.of("the entry's payload hash is not the SHA-256 of the envelope's payload");
    }
    JsonArray sigs = JsonFields.array(spec.get("signatures"), "body.spec.signatures");
    if (sigs.size() != d.signatures().size()) {
      return Optional.of(
          "the entry has " + sigs.size() + " signature(s), the envelope " + d.signatures().size());
    }
    List<byte[]> logged = new ArrayList<>();
    for (int i = 0; i < sigs.size(); i++) {
      String p = "body.spec.signatures[" + i + "]";
      JsonObject s = JsonFields.object(sigs.get(i), p);
      logged.add(b64(JsonFields.string(s, "signature", p), p + ".signature"));
      if (!sameCertificate(JsonFields.string(s, "verifier", p), leaf)) {
        return Optional.of("the entry's verifier " + i + " is not the bundle's certificate");
      }
    }
    for (byte[] sig : d.signatures()) {
      if (logged.stream().noneMatch(l -> Arrays.equals(l, sig))) {
        return Optional.of("an envelope signature is not in the entry");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> hashedRekord(
      JsonObject spec, BundleContent content, X509Certificate leaf) throws ParseException {
    if (!(content instanceof BundleContent.MessageSignature m)) {
      return Optional.of("a hashedrekord entry for a bundle that is not a message signature");
    }
    JsonObject hash =
        JsonFields.object(
            JsonFields.object(spec.get("data"), "body.spec.data").get("hash"),
            "body.spec.data.hash");
    if (!"sha256".equals(JsonFields.string(hash, "algorithm", "body.spec.data.hash"))
        || !Hex.of(m.digest()).equals(JsonFields.string(hash, "value", "body.spec.data.hash"))) {
      return Optional.of("the entry's artifact hash is not the bundle's message digest");
    }
    JsonObject sig = JsonFields.object(spec.get("signature"), "body.spec.signature");
    if (!Arrays.equals(
        b64(
            JsonFields.string(sig, "content", "body.spec.signature"),
            "body.spec.signature.content"),
        m.signature())) {
      return Optional.of("the entry's signature is not the bundle's");
    }
    JsonObject pk = JsonFields.object(sig.get("publicKey"), "body.spec.signature.publicKey");
    if (!sameCertificate(JsonFields.string(pk, "content", "body.spec.signature.publicKey"), leaf)) {
      return Optional.of("the entry's certificate is not the bundle's");
    }
    return Optional.empty();
  }

  /** A base64 PEM certificate (what Rekor stores) that is the leaf, byte for byte. */
  private static boolean sameCertificate(String b64Pem, X509Certificate leaf) {
    try {
      String pem = new String(Base64.getDecoder().decode(b64Pem), StandardCharsets.US_ASCII);
      List<X509Certificate> certs = Certificates.parsePemChain(pem, 1);
      return Certificates.sameCertificate(certs.get(0), leaf);
    } catch (IllegalArgumentException | java.security.cert.CertificateException e) {
      return false;
    }
  }

  private static byte[] b64(String s, String path) throws ParseException {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new ParseException(path, 0, "not base64");
    }
  }
}
