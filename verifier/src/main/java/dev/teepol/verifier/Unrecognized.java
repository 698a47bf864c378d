package dev.teepol.verifier;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.json.BoundedJson;

/**
 * Says why no provider recognized some bytes, as precisely as the bytes allow: empty input, JSON
 * that is not well formed (with the offset where it breaks), well-formed JSON of a shape no
 * provider reads, or bytes that are neither a known binary format nor JSON.
 */
final class Unrecognized {
  private Unrecognized() {}

  static String why(byte[] b, Limits limits) {
    if (b.length == 0) {
      return "empty input (0 bytes): no evidence";
    }
    int first = 0;
    while (first < b.length
        && (b[first] == ' ' || b[first] == '\n' || b[first] == '\r' || b[first] == '\t')) {
      first++;
    }
    if (first == b.length) {
      return "only white space (" + b.length + " bytes): no evidence";
    }
    if ((b[first] == '{' || b[first] == '[') && b.length > limits.maxCollateralBytes()) {
      // Only to word a refusal: a document no provider claimed is not worth a full parse, and a
      // parser holds a long string token as UTF-16 in a doubling buffer (a 32 MB one-string
      // document needed more than a 128 MB heap).
      return "JSON-looking input of "
          + b.length
          + " bytes that no provider recognizes (not parsed: over "
          + limits.maxCollateralBytes()
          + " bytes)";
    }
    if (b[first] == '{' || b[first] == '[') {
      try {
        Object json = BoundedJson.parse(b, "$", limits);
        return "well-formed JSON ("
            + b.length
            + " bytes), but not a shape any provider reads: a dstack attestation,"
            + " a NEAR report or an NRAS response"
            + (json instanceof jakarta.json.JsonObject o && !o.isEmpty()
                ? " (top-level keys: "
                    + String.join(", ", o.keySet().stream().limit(8).toList())
                    + ")"
                : "");
      } catch (ParseException e) {
        if (e.getMessage().contains("token=EOF") || e.getMessage().contains("Unexpected char -1")) {
          return "JSON truncated at byte "
              + b.length
              + ": the document ends before its last value is closed";
        }
        return "JSON that does not parse: " + e.getMessage();
      }
    }
    return "not recognized as evidence of any provider ("
        + b.length
        + " bytes, starting 0x"
        + dev.teepol.core.bytes.Hex.of(b, 0, Math.min(8, b.length))
        + ")";
  }
}
