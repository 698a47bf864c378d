package dev.teepol.providers.tpm.abi;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * go-attestation's JSON dump ({@code attest-tool}'s {@code Dump}: Static, AK, Quote, Log) → {@link
 * AttestationBundle}. Every key is known (an unknown one is refused); the AK creation attestation
 * and the EK certificate are carried but not verified here; {@code Quote.Nonce} is what the client
 * says it used and is ignored (the relying party's nonce is checked against the quote itself).
 */
public final class AttestationDumpParser {
  /** The top-level members that mark the format (all three are required). */
  public static final List<String> MEMBERS = List.of("AK", "Quote", "Log");

  /** Go's crypto.Hash numbering, which {@code Log.PCRs[].DigestAlg} uses. */
  private static final Map<Long, TpmHash> GO_CRYPTO_HASH =
      Map.of(3L, TpmHash.SHA1, 5L, TpmHash.SHA256, 6L, TpmHash.SHA384, 7L, TpmHash.SHA512);

  private AttestationDumpParser() {}

  public static AttestationBundle parse(byte[] b, Limits limits) throws ParseException {
    JsonObject root = JsonFields.object(BoundedJson.parse(b, "dump", limits), "dump");
    only(root, "dump", Set.of("Static", "AK", "Quote", "Log"));
    if (root.containsKey("Static")) {
      JsonObject st = JsonFields.object(root.get("Static"), "dump.Static");
      only(st, "dump.Static", Set.of("TPMVersion", "EKPem"));
      long version = JsonFields.integer(st.get("TPMVersion"), "dump.Static.TPMVersion");
      if (version != 2) {
        throw new ParseException(
            "dump.Static.TPMVersion", 0, "TPM " + version + ": teepol verifies TPM 2.0 quotes");
      }
    }
    JsonObject ak = JsonFields.object(root.get("AK"), "dump.AK");
    only(
        ak,
        "dump.AK",
        Set.of(
            "Public",
            "UseTCSDActivationFormat",
            "CreateData",
            "CreateAttestation",
            "CreateSignature"));
    byte[] akPub = base64(ak, "Public", "dump.AK", limits.maxQuoteBytes()).orElse(null);
    JsonObject q = JsonFields.object(root.get("Quote"), "dump.Quote");
    only(q, "dump.Quote", Set.of("Nonce", "Alg", "Quote", "Signature"));
    byte[] attest = required(q, "Quote", "dump.Quote", limits.maxQuoteBytes());
    byte[] sig = required(q, "Signature", "dump.Quote", limits.maxQuoteBytes());
    JsonObject log = JsonFields.object(root.get("Log"), "dump.Log");
    only(log, "dump.Log", Set.of("PCRs", "PCRAlg", "Raw"));
    Map<TpmHash, Map<Integer, byte[]>> pcrs = pcrs(log);
    Optional<byte[]> raw =
        base64(
            log, "Raw", "dump.Log", (int) Math.min(Integer.MAX_VALUE, limits.maxEvidenceBytes()));
    return new AttestationBundle(
        AttestationBundle.Container.GO_ATTESTATION_DUMP,
        Optional.ofNullable(akPub),
        List.of(new AttestationBundle.SignedQuote(attest, sig, pcrs)),
        raw.filter(x -> x.length > 0),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of());
  }

  private static Map<TpmHash, Map<Integer, byte[]>> pcrs(JsonObject log) throws ParseException {
    Map<TpmHash, Map<Integer, byte[]>> out = new EnumMap<>(TpmHash.class);
    if (!log.containsKey("PCRs") || log.get("PCRs") == JsonValue.NULL) {
      return out;
    }
    var arr = JsonFields.array(log.get("PCRs"), "dump.Log.PCRs");
    if (arr.size() > QuoteParser.PCR_COUNT * QuoteParser.MAX_BANKS) {
      throw new ParseException("dump.Log.PCRs", 0, arr.size() + " PCR values: too many");
    }
    for (int i = 0; i < arr.size(); i++) {
      String f = "dump.Log.PCRs[" + i + "]";
      JsonObject p = JsonFields.object(arr.get(i), f);
      only(p, f, Set.of("Index", "Digest", "DigestAlg"));
      long index = JsonFields.integer(p.get("Index"), f + ".Index");
      if (index < 0 || index >= QuoteParser.PCR_COUNT) {
        throw new ParseException(f + ".Index", i, "PCR " + index + "; PCRs are 0..23");
      }
      long alg = JsonFields.integer(p.get("DigestAlg"), f + ".DigestAlg");
      TpmHash bank = GO_CRYPTO_HASH.get(alg);
      if (bank == null) {
        throw new ParseException(
            f + ".DigestAlg", i, alg + " is not a Go crypto.Hash teepol knows (3, 5, 6, 7)");
      }
      byte[] digest = required(p, "Digest", f, TpmHash.MAX_DIGEST);
      if (digest.length != bank.size()) {
        throw new ParseException(
            f + ".Digest",
            i,
            digest.length + " bytes; a " + bank.label() + " PCR has " + bank.size());
      }
      if (out.computeIfAbsent(bank, k -> new TreeMap<>()).put((int) index, digest) != null) {
        throw new ParseException(f, i, bank.label() + " PCR " + index + " given twice");
      }
    }
    return out;
  }

  private static void only(JsonObject o, String path, Set<String> known) throws ParseException {
    for (String k : o.keySet()) {
      if (!known.contains(k)) {
        throw new ParseException(
            path + "." + k,
            0,
            "unknown member: refused rather than ignored (known: " + known + ")");
      }
    }
  }

  private static byte[] required(JsonObject o, String key, String path, int max)
      throws ParseException {
    return base64(o, key, path, max)
        .filter(x -> x.length > 0)
        .orElseThrow(() -> new ParseException(path + "." + key, 0, "missing"));
  }

  /** Standard base64 with its decoded size bounded before decoding. */
  private static Optional<byte[]> base64(JsonObject o, String key, String path, int max)
      throws ParseException {
    Optional<String> s = JsonFields.optString(o, key, path);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    if ((long) s.get().length() / 4 * 3 > max) {
      throw new ParseException(path + "." + key, 0, "over " + max + " bytes");
    }
    try {
      return Optional.of(Base64.getDecoder().decode(s.get()));
    } catch (IllegalArgumentException e) {
      throw new ParseException(path + "." + key, 0, "not base64: " + e.getMessage());
    }
  }
}
