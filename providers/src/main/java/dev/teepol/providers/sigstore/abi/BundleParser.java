package dev.teepol.providers.sigstore.abi;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes a Sigstore bundle (protobuf-specs {@code Bundle}, JSON) of media type v0.1, v0.2 or v0.3.
 * Pure: bytes in, a {@link Bundle} or a {@link ParseException} naming the JSON path out. Every list
 * is bounded by {@link Limits} before it is walked; what each version requires is required here
 * (v0.1 a signed entry timestamp, v0.2+ an inclusion proof), so a verifier never meets a bundle its
 * version does not allow.
 */
public final class BundleParser {
  public static final String MEDIA_TYPE_PREFIX = "application/vnd.dev.sigstore.bundle";

  /** The audit path of a tree of fewer than 2^63 leaves has at most 63 hashes. */
  static final int MAX_PROOF_HASHES = 64;

  private BundleParser() {}

  public static Bundle parse(byte[] bytes, Limits limits) throws ParseException {
    if (bytes.length > limits.maxCollateralBytes()) {
      throw new ParseException(
          "bundle", 0, bytes.length + " bytes, over the limit of " + limits.maxCollateralBytes());
    }
    JsonObject root = JsonFields.object(BoundedJson.parse(bytes, "bundle", limits), "bundle");
    Json.onlyKeys(
        root,
        "bundle",
        Set.of("mediaType", "verificationMaterial", "dsseEnvelope", "messageSignature"));
    String mediaType = Json.string(root, "mediaType", "bundle");
    int minor = minorVersion(mediaType);
    JsonObject vm = Json.object(root, "verificationMaterial", "bundle");
    String vmPath = "bundle.verificationMaterial";
    Json.onlyKeys(
        vm,
        vmPath,
        Set.of(
            "certificate",
            "x509CertificateChain",
            "publicKey",
            "tlogEntries",
            "timestampVerificationData"));
    if (vm.containsKey("publicKey")) {
      throw new ParseException(
          vmPath + ".publicKey",
          0,
          "key-signed bundles are not supported: teepol verifies Fulcio identities");
    }
    byte[] leaf;
    List<byte[]> extra = new ArrayList<>();
    if (vm.containsKey("certificate")) {
      leaf =
          Json.base64(Json.object(vm, "certificate", vmPath), "rawBytes", vmPath + ".certificate");
    } else if (vm.containsKey("x509CertificateChain")) {
      if (minor >= 3) {
        throw new ParseException(
            vmPath + ".x509CertificateChain",
            0,
            "a v0.3 bundle carries 'certificate', not a chain");
      }
      String cp = vmPath + ".x509CertificateChain";
      JsonArray certs =
          Json.array(
              Json.object(vm, "x509CertificateChain", vmPath),
              "certificates",
              cp,
              limits.maxCertChainLength());
      if (certs.isEmpty()) {
        throw new ParseException(cp + ".certificates", 0, "empty");
      }
      List<byte[]> all = new ArrayList<>();
      for (int i = 0; i < certs.size(); i++) {
        String p = cp + ".certificates[" + i + "]";
        all.add(Json.base64(JsonFields.object(certs.get(i), p), "rawBytes", p));
      }
      leaf = all.get(0);
      extra.addAll(all.subList(1, all.size()));
    } else {
      throw new ParseException(vmPath + ".certificate", 0, "missing (no signing certificate)");
    }
    JsonArray entries = Json.optArray(vm, "tlogEntries", vmPath, limits.maxAttestedParts());
    List<TlogEntry> tlog = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      tlog.add(entry(entries.get(i), vmPath + ".tlogEntries[" + i + "]", minor));
    }
    int timestamps = 0;
    Optional<JsonObject> tvd = Json.optObject(vm, "timestampVerificationData", vmPath);
    if (tvd.isPresent()) {
      String tp = vmPath + ".timestampVerificationData";
      Json.onlyKeys(tvd.get(), tp, Set.of("rfc3161Timestamps"));
      timestamps =
          Json.optArray(tvd.get(), "rfc3161Timestamps", tp, limits.maxAttestedParts()).size();
    }
    boolean dsse = root.containsKey("dsseEnvelope");
    boolean message = root.containsKey("messageSignature");
    if (dsse == message) {
      throw new ParseException(
          "bundle",
          0,
          "exactly one of dsseEnvelope and messageSignature is required, found "
              + (dsse ? "both" : "neither"));
    }
    BundleContent content =
        dsse
            ? dsse(Json.object(root, "dsseEnvelope", "bundle"), limits)
            : message(Json.object(root, "messageSignature", "bundle"));
    java.security.cert.X509Certificate cert;
    try {
      cert = dev.teepol.core.crypto.Certificates.parseDer(leaf);
    } catch (java.security.cert.CertificateException e) {
      throw new ParseException(
          vmPath + ".certificate", 0, "not an X.509 certificate: " + e.getMessage());
    }
    return new Bundle(mediaType, minor, cert, extra, tlog, timestamps, content);
  }

  /** {@code application/vnd.dev.sigstore.bundle+json;version=0.1}, {@code ....bundle.v0.3+json}. */
  static int minorVersion(String mediaType) throws ParseException {
    return switch (mediaType) {
      case MEDIA_TYPE_PREFIX + "+json;version=0.1" -> 1;
      case MEDIA_TYPE_PREFIX + "+json;version=0.2" -> 2;
      case MEDIA_TYPE_PREFIX + "+json;version=0.3", MEDIA_TYPE_PREFIX + ".v0.3+json" -> 3;
      default ->
          throw new ParseException(
              "bundle.mediaType",
              0,
              "not a Sigstore bundle v0.1-v0.3: '" + Json.abbreviate(mediaType) + "'");
    };
  }

  private static TlogEntry entry(JsonValue v, String path, int minor) throws ParseException {
    JsonObject e = JsonFields.object(v, path);
    Json.onlyKeys(
        e,
        path,
        Set.of(
            "logIndex",
            "logId",
            "kindVersion",
            "integratedTime",
            "inclusionPromise",
            "inclusionProof",
            "canonicalizedBody"));
    long logIndex = Json.int64(e, "logIndex", path);
    byte[] logId = Json.base64(Json.object(e, "logId", path), "keyId", path + ".logId");
    JsonObject kv = Json.object(e, "kindVersion", path);
    String kind = Json.string(kv, "kind", path + ".kindVersion");
    String version = Json.string(kv, "version", path + ".kindVersion");
    long integrated = Json.int64(e, "integratedTime", path);
    Optional<byte[]> set = Optional.empty();
    Optional<JsonObject> promise = Json.optObject(e, "inclusionPromise", path);
    if (promise.isPresent()) {
      set =
          Optional.of(
              Json.base64(promise.get(), "signedEntryTimestamp", path + ".inclusionPromise"));
    }
    Optional<InclusionProof> proof = Optional.empty();
    Optional<JsonObject> p = Json.optObject(e, "inclusionProof", path);
    if (p.isPresent()) {
      proof = Optional.of(proof(p.get(), path + ".inclusionProof"));
    }
    if (minor == 1 && set.isEmpty()) {
      throw new ParseException(
          path + ".inclusionPromise",
          0,
          "missing: a v0.1 bundle requires a signed entry timestamp");
    }
    if (minor >= 2 && proof.isEmpty()) {
      throw new ParseException(
          path + ".inclusionProof", 0, "missing: a v0.2+ bundle requires an inclusion proof");
    }
    String bodyB64 = Json.string(e, "canonicalizedBody", path);
    byte[] body = Json.base64(bodyB64, path + ".canonicalizedBody");
    return new TlogEntry(logIndex, logId, kind, version, integrated, set, proof, body, bodyB64);
  }

  private static InclusionProof proof(JsonObject p, String path) throws ParseException {
    Json.onlyKeys(p, path, Set.of("logIndex", "rootHash", "treeSize", "hashes", "checkpoint"));
    long index = Json.int64(p, "logIndex", path);
    byte[] root = sha256Sized(Json.base64(p, "rootHash", path), path + ".rootHash");
    long size = Json.int64(p, "treeSize", path);
    JsonArray hs = Json.optArray(p, "hashes", path, MAX_PROOF_HASHES);
    List<byte[]> hashes = new ArrayList<>();
    for (int i = 0; i < hs.size(); i++) {
      String hp = path + ".hashes[" + i + "]";
      if (!(hs.get(i) instanceof jakarta.json.JsonString h)) {
        throw new ParseException(hp, i, "expected a string, found " + JsonFields.kind(hs.get(i)));
      }
      hashes.add(sha256Sized(Json.base64(h.getString(), hp), hp));
    }
    Optional<String> checkpoint = Optional.empty();
    Optional<JsonObject> cp = Json.optObject(p, "checkpoint", path);
    if (cp.isPresent()) {
      checkpoint = Optional.of(Json.string(cp.get(), "envelope", path + ".checkpoint"));
    }
    return new InclusionProof(index, root, size, hashes, checkpoint);
  }

  private static byte[] sha256Sized(byte[] h, String path) throws ParseException {
    if (h.length != 32) {
      throw new ParseException(path, 0, h.length + " bytes, a SHA-256 tree hash has 32");
    }
    return h;
  }

  private static BundleContent dsse(JsonObject d, Limits limits) throws ParseException {
    String path = "bundle.dsseEnvelope";
    Json.onlyKeys(d, path, Set.of("payload", "payloadType", "signatures"));
    byte[] payload = Json.base64(d, "payload", path);
    String type = Json.string(d, "payloadType", path);
    JsonArray sigs = Json.array(d, "signatures", path, limits.maxAttestedParts());
    if (sigs.isEmpty()) {
      throw new ParseException(path + ".signatures", 0, "empty: the envelope is not signed");
    }
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < sigs.size(); i++) {
      String p = path + ".signatures[" + i + "]";
      JsonObject s = JsonFields.object(sigs.get(i), p);
      Json.onlyKeys(s, p, Set.of("sig", "keyid"));
      out.add(Json.base64(s, "sig", p));
    }
    return new BundleContent.Dsse(type, payload, out);
  }

  private static BundleContent message(JsonObject m) throws ParseException {
    String path = "bundle.messageSignature";
    Json.onlyKeys(m, path, Set.of("messageDigest", "signature"));
    JsonObject md = Json.object(m, "messageDigest", path);
    String alg = Json.string(md, "algorithm", path + ".messageDigest");
    byte[] digest = Json.base64(md, "digest", path + ".messageDigest");
    byte[] sig = Json.base64(m, "signature", path);
    return new BundleContent.MessageSignature(alg, digest, sig);
  }

  /** The payload as text, for messages. */
  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
