package dev.teepol.providers.dstack;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Decoded;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import dev.teepol.providers.tdx.TdxInspection;
import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A dstack attestation decoded and not verified ({@code teepol inspect}): every member of the
 * document, the quote field by field ({@link TdxInspection}) and each event of the log with its
 * payload. Nothing is replayed or compared.
 */
public final class DstackInspection {
  /** Members shown decoded in their own place rather than as they are in the document. */
  private static final Set<String> DECODED = Set.of("quote", "intel_quote", "event_log");

  private DstackInspection() {}

  static Decoded decode(byte[] content, Limits limits) {
    JsonObject o;
    DstackDocument doc;
    try {
      o = JsonFields.object(BoundedJson.parse(content, "$", limits), "$");
      doc = DstackDocumentParser.fromObject(o, "$", limits);
    } catch (ParseException e) {
      return new Decoded.Undecodable(e.getMessage());
    }
    Decoded.GroupBuilder g = Decoded.group().text("format", "dstack attestation");
    Decoded.GroupBuilder members = Decoded.group();
    o.forEach(
        (k, v) -> {
          if (!DECODED.contains(k)) {
            members.put(k, Decoded.of(v));
          }
        });
    g.put("document", members.build());
    parts(doc, limits, g);
    return new Decoded.Fields(g.build());
  }

  /**
   * The parts of a dstack document (also a NEAR node): the quote, the event log, the info fields
   * and the app compose, VM and MR_CONFIG documents it carries.
   */
  public static void parts(DstackDocument doc, Limits limits, Decoded.GroupBuilder g) {
    g.put("quote", TdxInspection.group(doc.quote(), limits));
    if (doc.eventLog().isPresent()) {
      try {
        List<Decoded.Node> events = new ArrayList<>();
        for (DstackEvent e : EventLogParser.parse(doc.eventLog().get(), limits)) {
          events.add(event(e));
        }
        g.put("event_log", Decoded.items(events));
      } catch (ParseException e) {
        g.text("event_log_error", e.getMessage());
      }
    }
    if (!doc.info().fields().isEmpty()) {
      Decoded.GroupBuilder info = Decoded.group();
      doc.info().fields().forEach(info::text);
      g.put("info", info.build());
    }
    doc.appCompose().ifPresent(v -> g.text("app_compose", v));
    doc.vmConfig().ifPresent(v -> g.text("vm_config", v));
    doc.mrConfigDocument().ifPresent(v -> g.text("mr_config", v));
  }

  private static Decoded.Group event(DstackEvent e) {
    Decoded.GroupBuilder g =
        Decoded.group()
            .num("index", e.index())
            .num("imr", e.imr())
            .text("event_type", String.format("0x%08x", e.eventType()))
            .flag("runtime", e.isRuntime())
            .text("event", e.name())
            .hex("digest", e.suppliedDigestRef())
            .hex("event_payload", e.payloadRef());
    text(e.payloadRef()).ifPresent(t -> g.text("event_payload_text", t));
    return g.num("version", e.version()).build();
  }

  /** The payload as text when it is UTF-8 without control characters (a compose hash, a key). */
  private static Optional<String> text(byte[] b) {
    if (b.length == 0) {
      return Optional.empty();
    }
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(b))
              .toString();
      boolean printable = s.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n');
      return printable ? Optional.of(s) : Optional.empty();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
