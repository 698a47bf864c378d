package dev.teepol.providers.dstack.sim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One event of a simulated dstack log. The digests here are computed independently of the
 * provider's code, from the formulas in wire-formats.md §4.3, so a shared bug cannot hide.
 *
 * @param digestInLog what the JSON "digest" field says ("" to strip it, as GetQuote does)
 * @param extended what the simulated TDX module really extended into the register
 */
public record SimEvent(
    int imr,
    long type,
    String name,
    byte[] payload,
    Integer version,
    String digestInLog,
    byte[] extended) {
  public static final long RUNTIME = 0x08000001L;

  /** A boot-time event whose digest is SHA-384 of a label. */
  public static SimEvent boot(int imr, long type, String label) {
    byte[] d = sha384(label.getBytes(StandardCharsets.UTF_8));
    return new SimEvent(imr, type, "", new byte[0], null, HexFormat.of().formatHex(d), d);
  }

  /** A V1 runtime event in RTMR3 with its digest stripped, the way GetQuote delivers it. */
  public static SimEvent runtime(String name, byte[] payload) {
    return new SimEvent(3, RUNTIME, name, payload, null, "", v1(name, payload));
  }

  /** A V2 (JCS) runtime event in RTMR3 that carries its digest. */
  public static SimEvent runtimeV2(String name, byte[] payload) {
    byte[] d = v2(name, payload);
    return new SimEvent(3, RUNTIME, name, payload, 2, HexFormat.of().formatHex(d), d);
  }

  public SimEvent withDigestInLog(String hex) {
    return new SimEvent(imr, type, name, payload, version, hex, extended);
  }

  public SimEvent withVersion(Integer v) {
    return new SimEvent(imr, type, name, payload, v, digestInLog, extended);
  }

  public SimEvent withPayloadInLog(byte[] p) {
    return new SimEvent(imr, type, name, p, version, digestInLog, extended);
  }

  public SimEvent withImr(int i) {
    return new SimEvent(i, type, name, payload, version, digestInLog, extended);
  }

  public String json() {
    StringBuilder b =
        new StringBuilder("{\"imr\":")
            .append(imr)
            .append(",\"event_type\":")
            .append(type)
            .append(",\"digest\":\"")
            .append(digestInLog)
            .append("\",\"event\":\"")
            .append(name)
            .append("\",\"event_payload\":\"")
            .append(HexFormat.of().formatHex(payload))
            .append('"');
    if (version != null) {
      b.append(",\"version\":").append(version);
    }
    return b.append('}').toString();
  }

  static byte[] v1(String name, byte[] payload) {
    ByteBuffer bb =
        ByteBuffer.allocate(4 + 1 + name.length() + 1 + payload.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    bb.putInt((int) RUNTIME)
        .put((byte) ':')
        .put(name.getBytes(StandardCharsets.UTF_8))
        .put((byte) ':')
        .put(payload);
    return sha384(bb.array());
  }

  static byte[] v2(String name, byte[] payload) {
    String jcs =
        "{\"name\":\""
            + name
            + "\",\"payload\":\""
            + HexFormat.of().formatHex(payload)
            + "\",\"type\":134217729}";
    return sha384(jcs.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha384(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-384").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
