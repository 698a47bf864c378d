package dev.teepol.providers.tdx.collateral;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.spi.CollateralDocument;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses Intel PCS v4 TCB info and QE identity documents. The signature covers the exact text of
 * the {@code tcbInfo} / {@code enclaveIdentity} value as it appears in the file, so that text is
 * located in the original bytes, never re-serialized, and the values judged come from the same
 * single, strict parse (duplicate keys refused), so no other reader can see a different document.
 */
public final class CollateralParser {
  private static final int MAX_LEVELS = 256;

  private CollateralParser() {}

  public static Signed<TcbInfo> tcbInfo(CollateralDocument doc, int maxChain)
      throws ParseException {
    SignedJson s = signedJson(doc, "tcbInfo");
    return new Signed<>(
        toTcbInfo(s.object),
        s.signedBytes,
        s.signature,
        chain(doc, maxChain, "tcb_info"),
        doc.origin());
  }

  public static Signed<QeIdentity> qeIdentity(CollateralDocument doc, int maxChain)
      throws ParseException {
    SignedJson s = signedJson(doc, "enclaveIdentity");
    return new Signed<>(
        toQeIdentity(s.object),
        s.signedBytes,
        s.signature,
        chain(doc, maxChain, "qe_identity"),
        doc.origin());
  }

  private static List<X509Certificate> chain(CollateralDocument doc, int max, String what)
      throws ParseException {
    if (doc.issuerChainPem().isBlank()) {
      throw new ParseException(
          what + ".issuer_chain", 0, "missing issuer chain for " + doc.origin());
    }
    try {
      return Certificates.parsePemChain(doc.issuerChainPem(), max);
    } catch (CertificateException e) {
      throw new ParseException(what + ".issuer_chain", 0, e.getMessage());
    }
  }

  private record SignedJson(JsonObject object, byte[] signedBytes, byte[] signature) {}

  /** Signed collateral nests about seven levels deep; anything much deeper is not PCS output. */
  private static final int MAX_DEPTH = 16;

  /**
   * One reader for signed collateral: duplicate keys anywhere are an error, never "last one wins".
   */
  private static final JsonParserFactory STRICT =
      Json.createParserFactory(
          Map.of(
              "org.eclipse.parsson.rejectDuplicateKeys",
              true,
              "org.eclipse.parsson.maxDepth",
              MAX_DEPTH));

  /**
   * Reads {@code {"<key>": {...}, "signature": "<hex>"}} in one pass: the signed object's exact
   * text (for the signature), its parsed value (from the same parse, so the bytes verified are the
   * bytes judged) and the signature. Exactly those two top-level keys, each once; duplicate keys at
   * any depth, trailing text and bytes that are not UTF-8 are refused.
   */
  private static SignedJson signedJson(CollateralDocument doc, String key) throws ParseException {
    String text = utf8(doc.body(), key, doc.origin());
    JsonObject inner = null;
    int start = -1;
    int end = -1;
    String sigHex = null;
    try (JsonParser p = STRICT.createParser(new StringReader(text))) {
      if (!p.hasNext() || p.next() != JsonParser.Event.START_OBJECT) {
        throw new ParseException(key, 0, doc.origin() + " is not a JSON object");
      }
      Set<String> seen = new HashSet<>();
      for (JsonParser.Event e = p.next(); e != JsonParser.Event.END_OBJECT; e = p.next()) {
        String name = p.getString();
        long at = p.getLocation().getStreamOffset();
        if (!seen.add(name)) {
          throw new ParseException("$", at, doc.origin() + ": duplicate key '" + name + "'");
        }
        JsonParser.Event v = p.next();
        if (name.equals(key)) {
          if (v != JsonParser.Event.START_OBJECT) {
            throw new ParseException(key, at, doc.origin() + ": '" + key + "' is not an object");
          }
          start = (int) p.getLocation().getStreamOffset() - 1; // the stream is just past '{'
          inner = p.getObject();
          end = (int) p.getLocation().getStreamOffset();
        } else if (name.equals("signature")) {
          if (v != JsonParser.Event.VALUE_STRING) {
            throw new ParseException(
                "signature", at, doc.origin() + ": 'signature' is not a string");
          }
          sigHex = p.getString();
        } else {
          // The field is the document root, not the key: the key is whatever the input says, even
          // "" (found by fuzzing), and is named in the message.
          throw new ParseException(
              "$",
              at,
              doc.origin()
                  + ": unknown top-level key '"
                  + name
                  + "' (a PCS document has '"
                  + key
                  + "' and 'signature')");
        }
      }
      if (p.hasNext()) {
        throw new ParseException(
            key,
            p.getLocation().getStreamOffset(),
            doc.origin() + ": malformed JSON: text after the document");
      }
    } catch (JsonParsingException e) {
      throw new ParseException(
          key,
          dev.teepol.providers.json.BoundedJson.offset(e, text.length()),
          doc.origin() + ": malformed JSON: " + e.getMessage());
    } catch (RuntimeException e) {
      // Parsson reports a duplicate key inside the object as IllegalStateException("Duplicate key
      // ..."), nesting deeper than maxDepth as a bare RuntimeException("Input is too deeply
      // nested"; found by fuzzing), and other refusals as JsonException or NoSuchElementException.
      String m = String.valueOf(e.getMessage());
      throw new ParseException(
          key,
          0,
          doc.origin()
              + ": "
              + (m.startsWith("Duplicate key")
                  ? "duplicate key" + m.substring(13)
                  : "malformed JSON: " + m));
    }
    if (inner == null || start < 0 || text.charAt(start) != '{') {
      throw new ParseException(key, 0, doc.origin() + " has no '" + key + "' object");
    }
    if (sigHex == null) {
      throw new ParseException("signature", 0, doc.origin() + " has no 'signature'");
    }
    byte[] sig;
    try {
      sig = Hex.decode(sigHex);
    } catch (IllegalArgumentException e) {
      throw new ParseException("signature", 0, "not hex: " + e.getMessage());
    }
    if (sig.length != 64) {
      throw new ParseException("signature", 0, "is " + sig.length + " bytes, expected 64 (r||s)");
    }
    // Strict UTF-8 in, so re-encoding the substring gives back exactly the bytes of the file.
    return new SignedJson(inner, text.substring(start, end).getBytes(StandardCharsets.UTF_8), sig);
  }

  private static String utf8(byte[] body, String key, String origin) throws ParseException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ParseException(key, 0, origin + " is not UTF-8");
    }
  }

  static TcbInfo toTcbInfo(JsonObject o) throws ParseException {
    String id = o.containsKey("id") ? string(o, "id", "tcbInfo.id") : "SGX";
    int version = integer(o, "version", "tcbInfo.version");
    if (version != 2 && version != 3) {
      throw new ParseException("tcbInfo.version", 0, "unsupported TCB info version " + version);
    }
    Optional<TdxModuleIdentity> module = Optional.empty();
    if (o.containsKey("tdxModule")) {
      module =
          Optional.of(
              moduleIdentity(obj(o, "tdxModule", "tcbInfo.tdxModule"), "", "tcbInfo.tdxModule"));
    }
    List<TdxModuleIdentity> identities = new ArrayList<>();
    if (o.containsKey("tdxModuleIdentities")) {
      JsonArray a = array(o, "tdxModuleIdentities", "tcbInfo.tdxModuleIdentities");
      for (int i = 0; i < a.size(); i++) {
        String f = "tcbInfo.tdxModuleIdentities[" + i + "]";
        JsonObject m = asObject(a.get(i), f);
        identities.add(moduleIdentity(m, string(m, "id", f + ".id"), f));
      }
    }
    List<TcbLevel> levels = new ArrayList<>();
    JsonArray a = array(o, "tcbLevels", "tcbInfo.tcbLevels");
    for (int i = 0; i < a.size(); i++) {
      levels.add(
          tcbLevel(
              asObject(a.get(i), "tcbInfo.tcbLevels[" + i + "]"),
              version,
              "tcbInfo.tcbLevels[" + i + "]"));
    }
    return new TcbInfo(
        id,
        version,
        instant(o, "issueDate", "tcbInfo.issueDate"),
        instant(o, "nextUpdate", "tcbInfo.nextUpdate"),
        lowerHex(o, "fmspc", "tcbInfo.fmspc"),
        lowerHex(o, "pceId", "tcbInfo.pceId"),
        integer(o, "tcbEvaluationDataNumber", "tcbInfo.tcbEvaluationDataNumber"),
        module,
        identities,
        levels);
  }

  private static TcbLevel tcbLevel(JsonObject l, int version, String f) throws ParseException {
    JsonObject tcb = obj(l, "tcb", f + ".tcb");
    List<Integer> sgx = new ArrayList<>(16);
    List<Integer> tdx = new ArrayList<>(16);
    if (version >= 3) {
      components(
          array(tcb, "sgxtcbcomponents", f + ".tcb.sgxtcbcomponents"),
          sgx,
          f + ".tcb.sgxtcbcomponents");
      if (tcb.containsKey("tdxtcbcomponents")) {
        components(
            array(tcb, "tdxtcbcomponents", f + ".tcb.tdxtcbcomponents"),
            tdx,
            f + ".tcb.tdxtcbcomponents");
      }
    } else {
      for (int i = 1; i <= 16; i++) {
        String k = String.format("sgxtcbcomp%02dsvn", i);
        sgx.add(integer(tcb, k, f + ".tcb." + k));
      }
    }
    return new TcbLevel(
        sgx,
        integer(tcb, "pcesvn", f + ".tcb.pcesvn"),
        tdx,
        instant(l, "tcbDate", f + ".tcbDate"),
        string(l, "tcbStatus", f + ".tcbStatus"),
        strings(l, "advisoryIDs", f + ".advisoryIDs"));
  }

  private static void components(JsonArray a, List<Integer> out, String f) throws ParseException {
    if (a.size() != 16) {
      throw new ParseException(f, 0, "has " + a.size() + " components, expected 16");
    }
    for (int i = 0; i < 16; i++) {
      out.add(integer(asObject(a.get(i), f + "[" + i + "]"), "svn", f + "[" + i + "].svn"));
    }
  }

  private static TdxModuleIdentity moduleIdentity(JsonObject m, String id, String f)
      throws ParseException {
    List<IsvLevel> levels =
        m.containsKey("tcbLevels")
            ? isvLevels(array(m, "tcbLevels", f + ".tcbLevels"), f + ".tcbLevels")
            : List.of();
    return new TdxModuleIdentity(
        id,
        lowerHex(m, "mrsigner", f + ".mrsigner"),
        lowerHex(m, "attributes", f + ".attributes"),
        lowerHex(m, "attributesMask", f + ".attributesMask"),
        levels);
  }

  static QeIdentity toQeIdentity(JsonObject o) throws ParseException {
    String f = "enclaveIdentity";
    int version = integer(o, "version", f + ".version");
    if (version != 2) {
      throw new ParseException(f + ".version", 0, "unsupported QE identity version " + version);
    }
    return new QeIdentity(
        string(o, "id", f + ".id"),
        version,
        instant(o, "issueDate", f + ".issueDate"),
        instant(o, "nextUpdate", f + ".nextUpdate"),
        integer(o, "tcbEvaluationDataNumber", f + ".tcbEvaluationDataNumber"),
        lowerHex(o, "miscselect", f + ".miscselect"),
        lowerHex(o, "miscselectMask", f + ".miscselectMask"),
        lowerHex(o, "attributes", f + ".attributes"),
        lowerHex(o, "attributesMask", f + ".attributesMask"),
        lowerHex(o, "mrsigner", f + ".mrsigner"),
        integer(o, "isvprodid", f + ".isvprodid"),
        isvLevels(array(o, "tcbLevels", f + ".tcbLevels"), f + ".tcbLevels"));
  }

  private static List<IsvLevel> isvLevels(JsonArray a, String f) throws ParseException {
    List<IsvLevel> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      String g = f + "[" + i + "]";
      JsonObject l = asObject(a.get(i), g);
      out.add(
          new IsvLevel(
              integer(obj(l, "tcb", g + ".tcb"), "isvsvn", g + ".tcb.isvsvn"),
              instant(l, "tcbDate", g + ".tcbDate"),
              string(l, "tcbStatus", g + ".tcbStatus"),
              strings(l, "advisoryIDs", g + ".advisoryIDs")));
    }
    return out;
  }

  // --- typed accessors that name the field on error ---

  private static JsonObject asObject(JsonValue v, String f) throws ParseException {
    if (v == null || v.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new ParseException(f, 0, "expected an object");
    }
    return v.asJsonObject();
  }

  private static JsonObject obj(JsonObject o, String k, String f) throws ParseException {
    return asObject(o.get(k), f);
  }

  private static JsonArray array(JsonObject o, String k, String f) throws ParseException {
    JsonValue v = o.get(k);
    if (v == null || v.getValueType() != JsonValue.ValueType.ARRAY) {
      throw new ParseException(f, 0, "expected an array");
    }
    if (v.asJsonArray().size() > MAX_LEVELS) {
      throw new ParseException(f, 0, "has more than " + MAX_LEVELS + " entries");
    }
    return v.asJsonArray();
  }

  private static String string(JsonObject o, String k, String f) throws ParseException {
    JsonValue v = o.get(k);
    if (!(v instanceof JsonString s)) {
      throw new ParseException(f, 0, "expected a string");
    }
    return s.getString();
  }

  private static String lowerHex(JsonObject o, String k, String f) throws ParseException {
    String s = string(o, k, f);
    if (!Hex.isHex(s)) {
      throw new ParseException(f, 0, "'" + s + "' is not hex");
    }
    return s.toLowerCase(Locale.ROOT);
  }

  private static int integer(JsonObject o, String k, String f) throws ParseException {
    JsonValue v = o.get(k);
    if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
      throw new ParseException(f, 0, "expected an integer");
    }
    try {
      return n.intValueExact();
    } catch (ArithmeticException e) {
      throw new ParseException(f, 0, "integer out of range");
    }
  }

  private static Instant instant(JsonObject o, String k, String f) throws ParseException {
    String s = string(o, k, f);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new ParseException(f, 0, "'" + s + "' is not an ISO 8601 instant");
    }
  }

  private static List<String> strings(JsonObject o, String k, String f) throws ParseException {
    if (!o.containsKey(k)) {
      return List.of();
    }
    JsonArray a = array(o, k, f);
    List<String> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      if (!(a.get(i) instanceof JsonString s)) {
        throw new ParseException(f + "[" + i + "]", 0, "expected a string");
      }
      out.add(s.getString());
    }
    return out;
  }
}
