package dev.teepol.providers.sigstore.abi;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decodes a Sigstore trusted root. Each log id must be the SHA-256 of its key (a root whose ids and
 * keys disagree could make one key answer for another log), and only the key types Sigstore logs
 * use are accepted.
 */
public final class TrustedRootParser {
  public static final String MEDIA_TYPE =
      "application/vnd.dev.sigstore.trustedroot+json;version=0.1";

  private TrustedRootParser() {}

  public static TrustedRoot parse(byte[] bytes, Limits limits) throws ParseException {
    if (bytes.length > limits.maxCollateralBytes()) {
      throw new ParseException(
          "trusted_root",
          0,
          bytes.length + " bytes, over the limit of " + limits.maxCollateralBytes());
    }
    JsonObject o =
        JsonFields.object(BoundedJson.parse(bytes, "trusted_root", limits), "trusted_root");
    String mt = Json.string(o, "mediaType", "trusted_root");
    if (!mt.equals(MEDIA_TYPE)) {
      throw new ParseException(
          "trusted_root.mediaType",
          0,
          "expected " + MEDIA_TYPE + ", found '" + Json.abbreviate(mt) + "'");
    }
    int max = limits.maxAttestedParts();
    List<TrustedRoot.TransparencyLog> tlogs =
        logs(Json.optArray(o, "tlogs", "trusted_root", max), "trusted_root.tlogs");
    List<TrustedRoot.TransparencyLog> ctlogs =
        logs(Json.optArray(o, "ctlogs", "trusted_root", max), "trusted_root.ctlogs");
    JsonArray cas = Json.optArray(o, "certificateAuthorities", "trusted_root", max);
    List<TrustedRoot.CertificateAuthority> out = new ArrayList<>();
    for (int i = 0; i < cas.size(); i++) {
      String p = "trusted_root.certificateAuthorities[" + i + "]";
      JsonObject ca = JsonFields.object(cas.get(i), p);
      JsonArray certs =
          Json.array(
              Json.object(ca, "certChain", p),
              "certificates",
              p + ".certChain",
              limits.maxCertChainLength());
      if (certs.isEmpty()) {
        throw new ParseException(p + ".certChain.certificates", 0, "empty");
      }
      List<X509Certificate> chain = new ArrayList<>();
      for (int k = 0; k < certs.size(); k++) {
        String cp = p + ".certChain.certificates[" + k + "]";
        byte[] der = Json.base64(JsonFields.object(certs.get(k), cp), "rawBytes", cp);
        try {
          chain.add(Certificates.parseDer(der));
        } catch (CertificateException e) {
          throw new ParseException(cp, 0, "not an X.509 certificate: " + e.getMessage());
        }
      }
      String uri = JsonFields.optString(ca, "uri", p).orElse("");
      out.add(new TrustedRoot.CertificateAuthority(uri, chain, window(ca, p)));
    }
    int tsas = Json.optArray(o, "timestampAuthorities", "trusted_root", max).size();
    return new TrustedRoot(tlogs, out, ctlogs, tsas);
  }

  private static List<TrustedRoot.TransparencyLog> logs(JsonArray a, String path)
      throws ParseException {
    List<TrustedRoot.TransparencyLog> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      String p = path + "[" + i + "]";
      JsonObject l = JsonFields.object(a.get(i), p);
      String hash = JsonFields.optString(l, "hashAlgorithm", p).orElse("SHA2_256");
      if (!hash.equals("SHA2_256")) {
        throw new ParseException(p + ".hashAlgorithm", 0, "unsupported: " + Json.abbreviate(hash));
      }
      JsonObject pk = Json.object(l, "publicKey", p);
      byte[] spki = Json.base64(pk, "rawBytes", p + ".publicKey");
      String details = Json.string(pk, "keyDetails", p + ".publicKey");
      PublicKey key = key(spki, details, p + ".publicKey");
      byte[] logId = Json.base64(Json.object(l, "logId", p), "keyId", p + ".logId");
      // Rekor v1 and CT logs name their ECDSA key by its SHA-256; Ed25519 (Rekor v2, C2SP) logs
      // derive the id from the origin as well, so only ECDSA ids are checked against the key.
      if (!details.equals("PKIX_ED25519") && !Arrays.equals(logId, Digests.sha256(spki))) {
        throw new ParseException(
            p + ".logId",
            0,
            "log id " + Hex.abbreviate(Hex.of(logId)) + " is not the SHA-256 of its key");
      }
      String url = JsonFields.optString(l, "baseUrl", p).orElse("");
      out.add(
          new TrustedRoot.TransparencyLog(
              url, logId, new LogKey(spki, details, key), window(pk, p + ".publicKey")));
    }
    return out;
  }

  static PublicKey key(byte[] spki, String details, String path) throws ParseException {
    String alg =
        switch (details) {
          case "PKIX_ECDSA_P256_SHA_256", "PKIX_ECDSA_P384_SHA_384" -> "EC";
          case "PKIX_ED25519" -> "Ed25519";
          default ->
              throw new ParseException(
                  path + ".keyDetails", 0, "unsupported key type " + Json.abbreviate(details));
        };
    try {
      return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new ParseException(
          path + ".rawBytes", 0, "not a " + details + " key: " + e.getMessage());
    }
  }

  private static TrustedRoot.Window window(JsonObject o, String path) throws ParseException {
    Optional<JsonObject> v = Json.optObject(o, "validFor", path);
    if (v.isEmpty()) {
      throw new ParseException(path + ".validFor", 0, "missing");
    }
    Instant start = Json.instant(v.get(), "start", path + ".validFor");
    Optional<Instant> end =
        v.get().containsKey("end")
            ? Optional.of(Json.instant(v.get(), "end", path + ".validFor"))
            : Optional.empty();
    return new TrustedRoot.Window(start, end);
  }
}
