package dev.teepol.providers.dstack;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The digest dstack extends into RTMR3 for a runtime event, recomputed from name and payload
 * ({@code runtime_events.rs}): a supplied digest may be empty, stale or forged.
 */
final class RuntimeEventDigest {
  private static final byte[] TYPE_LE =
      ByteBuffer.allocate(4)
          .order(ByteOrder.LITTLE_ENDIAN)
          .putInt((int) DstackEvent.RUNTIME_EVENT_TYPE)
          .array();
  private static final byte[] COLON = {':'};

  private RuntimeEventDigest() {}

  /**
   * Empty for an event version this verifier does not know: it cannot be recomputed, so it is not
   * trusted.
   */
  public static Optional<byte[]> of(DstackEvent e, MessageDigest sha384) {
    return switch (e.version()) {
      case DstackEvent.V1 -> Optional.of(v1(e.name(), e.payloadRef(), sha384));
      case DstackEvent.V2 -> Optional.of(v2(e.name(), e.payloadRef(), sha384));
      default -> Optional.empty();
    };
  }

  /** SHA-384(le32(0x08000001) ‖ ":" ‖ name ‖ ":" ‖ payload). */
  public static byte[] v1(String name, byte[] payload, MessageDigest sha384) {
    sha384.reset();
    sha384.update(TYPE_LE);
    sha384.update(COLON);
    sha384.update(name.getBytes(StandardCharsets.UTF_8));
    sha384.update(COLON);
    sha384.update(payload);
    return sha384.digest();
  }

  /** SHA-384 of the RFC 8785 canonical form of {"name":…, "payload": hex, "type": 134217729}. */
  public static byte[] v2(String name, byte[] payload, MessageDigest sha384) {
    // Keys are already in JCS (UTF-16 code unit) order; the number is an integer, so its JCS form
    // is plain.
    String canonical =
        "{\"name\":"
            + jcsString(name)
            + ",\"payload\":\""
            + HexFormat.of().formatHex(payload)
            + "\",\"type\":"
            + DstackEvent.RUNTIME_EVENT_TYPE
            + "}";
    sha384.reset();
    return sha384.digest(canonical.getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON string as RFC 8785 writes it (ECMAScript JSON.stringify escaping). */
  static String jcsString(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
