package dev.teepol.providers.tinfoil.abi;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import dev.teepol.providers.near.BoundedGzip;
import jakarta.json.JsonObject;
import java.util.Base64;
import java.util.Set;

/**
 * Decodes a Tinfoil attestation document: v2 ({@code {"format", "body": base64(gzip(quote or
 * report))}}) and v3 ({@code {"format", "report_data": {tls_key_fp, hpke_key, nonce}, "cpu":
 * {"platform", "report": base64}, ...}}). Pure; sizes bounded before decoding, the gzip body
 * inflated within {@link Limits#maxDecompressedBytes()} and never beyond the quote bound.
 */
public final class TinfoilDocumentParser {
  static final int KEY_BYTES = 32;

  /** The longest nonce a v3 document may bind (Tinfoil's clients send 32 bytes). */
  static final int MAX_NONCE_BYTES = 64;

  private TinfoilDocumentParser() {}

  public static TinfoilDocument parse(byte[] bytes, Limits limits) throws ParseException {
    JsonObject o = JsonFields.object(BoundedJson.parse(bytes, "document", limits), "document");
    String format = JsonFields.string(o, "format", "document");
    return switch (format) {
      case TinfoilDocument.TDX_V2, TinfoilDocument.SNP_V2 -> v2(o, format, limits);
      case TinfoilDocument.V3 -> v3(o, limits);
      default ->
          throw new ParseException(
              "document.format",
              0,
              "not a Tinfoil attestation format: '" + abbreviate(format) + "'");
    };
  }

  private static TinfoilDocument v2(JsonObject o, String format, Limits limits)
      throws ParseException {
    only(o, "document", Set.of("format", "body"));
    byte[] gz =
        base64(
            JsonFields.string(o, "body", "document"), "document.body", limits.maxQuoteBytes() * 4L);
    if (!BoundedGzip.isGzip(gz)) {
      throw new ParseException("document.body", 0, "not gzip");
    }
    byte[] hw =
        BoundedGzip.inflate(
            gz, "document.body", Math.min(limits.maxDecompressedBytes(), limits.maxQuoteBytes()));
    TinfoilDocument.Platform p =
        format.equals(TinfoilDocument.TDX_V2)
            ? TinfoilDocument.Platform.TDX
            : TinfoilDocument.Platform.SEV_SNP;
    return new TinfoilDocument(format, p, hw, new TinfoilDocument.KeyBinding.InReportData());
  }

  private static TinfoilDocument v3(JsonObject o, Limits limits) throws ParseException {
    only(o, "document", Set.of("format", "report_data", "cpu", "gpu", "certificate", "signature"));
    if (o.containsKey("gpu")) {
      throw new ParseException(
          "document.gpu", 0, "GPU evidence in a Tinfoil v3 document is not supported yet");
    }
    JsonObject rd = JsonFields.object(o.get("report_data"), "document.report_data");
    only(rd, "document.report_data", Set.of("tls_key_fp", "hpke_key", "nonce"));
    byte[] tls = exact(rd, "tls_key_fp", "document.report_data", KEY_BYTES);
    byte[] hpke = exact(rd, "hpke_key", "document.report_data", KEY_BYTES);
    byte[] nonce =
        JsonFields.hex(
            JsonFields.string(rd, "nonce", "document.report_data"),
            "document.report_data.nonce",
            MAX_NONCE_BYTES);
    JsonObject cpu = JsonFields.object(o.get("cpu"), "document.cpu");
    only(cpu, "document.cpu", Set.of("platform", "report"));
    String platform = JsonFields.string(cpu, "platform", "document.cpu");
    TinfoilDocument.Platform p =
        switch (platform) {
          case "sev-snp" -> TinfoilDocument.Platform.SEV_SNP;
          case "tdx" -> TinfoilDocument.Platform.TDX;
          default ->
              throw new ParseException(
                  "document.cpu.platform", 0, "unknown platform '" + abbreviate(platform) + "'");
        };
    byte[] hw =
        base64(
            JsonFields.string(cpu, "report", "document.cpu"),
            "document.cpu.report",
            limits.maxQuoteBytes());
    return new TinfoilDocument(
        TinfoilDocument.V3, p, hw, new TinfoilDocument.KeyBinding.Hashed(tls, hpke, nonce));
  }

  private static byte[] exact(JsonObject o, String key, String path, int n) throws ParseException {
    byte[] b = JsonFields.hex(JsonFields.string(o, key, path), path + "." + key, n);
    if (b.length != n) {
      throw new ParseException(path + "." + key, 0, b.length + " bytes, expected " + n);
    }
    return b;
  }

  /** Base64 with the decoded size bounded from the text length before decoding. */
  private static byte[] base64(String s, String path, long maxBytes) throws ParseException {
    if (s.length() / 4L * 3 > maxBytes) {
      throw new ParseException(path, 0, "over the limit of " + maxBytes + " bytes");
    }
    try {
      byte[] b = Base64.getDecoder().decode(s);
      if (b.length == 0) {
        throw new ParseException(path, 0, "empty");
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw new ParseException(path, 0, "not base64: " + e.getMessage());
    }
  }

  private static void only(JsonObject o, String path, Set<String> allowed) throws ParseException {
    for (String k : o.keySet()) {
      if (!allowed.contains(k)) {
        throw new ParseException(path + "." + abbreviate(k), 0, "unknown member");
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
