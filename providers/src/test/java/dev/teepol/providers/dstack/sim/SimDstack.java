package dev.teepol.providers.dstack.sim;

import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A simulated dstack node: an event log, the TDX quote whose RTMRs the log's {@link
 * SimEvent#extended} digests produce, and a GetQuote-style JSON document. Breakages are made by
 * changing what the log says after the quote was signed, or by signing a log that itself is wrong.
 */
public final class SimDstack {
  public static final String APP_COMPOSE =
      "{\"manifest_version\":2,\"name\":\"teepol-sim\",\"runner\":\"docker-compose\"}";
  public static final byte[] COMPOSE_HASH = sha256(APP_COMPOSE.getBytes(StandardCharsets.UTF_8));
  public static final byte[] APP_ID = Arrays.copyOf(COMPOSE_HASH, 20);
  public static final byte[] INSTANCE_ID =
      Arrays.copyOf(sha256("teepol-sim instance".getBytes(StandardCharsets.UTF_8)), 20);
  public static final byte[] OS_IMAGE_HASH =
      sha256("teepol-sim os image".getBytes(StandardCharsets.UTF_8));
  public static final String KMS_ROOT =
      "3059301306072a8648ce3d020106082a8648ce3d03010703420004" + "11".repeat(64);
  public static final String KEY_PROVIDER = "{\"name\":\"kms\",\"id\":\"" + KMS_ROOT + "\"}";

  /** A dstack 0.5-shaped log: firmware, kernel, then the runtime identity events. */
  public static List<SimEvent> validLog() {
    List<SimEvent> l = new ArrayList<>();
    l.add(SimEvent.boot(0, 0x8000000bL, "td hob"));
    l.add(SimEvent.boot(0, 0x80000001L, "secure boot"));
    l.add(SimEvent.boot(0, 4, "separator"));
    l.add(SimEvent.boot(1, 0x80000003L, "bootloader"));
    l.add(SimEvent.boot(1, 4, "separator"));
    l.add(SimEvent.boot(2, 6, "kernel cmdline"));
    l.add(SimEvent.boot(2, 6, "initrd"));
    l.add(SimEvent.runtime("system-preparing", new byte[0]));
    l.add(SimEvent.runtime("app-id", APP_ID));
    l.add(SimEvent.runtime("compose-hash", COMPOSE_HASH));
    l.add(SimEvent.runtime("instance-id", INSTANCE_ID));
    l.add(SimEvent.runtime("boot-mr-done", new byte[0]));
    l.add(SimEvent.runtime("os-image-hash", OS_IMAGE_HASH));
    l.add(SimEvent.runtime("key-provider", KEY_PROVIDER.getBytes(StandardCharsets.UTF_8)));
    l.add(SimEvent.runtime("system-ready", new byte[0]));
    return l;
  }

  /** The four registers a TDX module ends with after extending {@code log}'s real digests. */
  public static byte[][] rtmrs(List<SimEvent> log) {
    byte[][] mr = new byte[4][48];
    for (SimEvent e : log) {
      byte[] cat = Arrays.copyOf(mr[e.imr()], 96);
      System.arraycopy(e.extended(), 0, cat, 48, 48);
      mr[e.imr()] = SimEvent.sha384(cat);
    }
    return mr;
  }

  public static DcapSimulator.Builder quoteFor(List<SimEvent> signedLog) {
    byte[][] mr = rtmrs(signedLog);
    DcapSimulator.Builder b = DcapSimulator.builder();
    for (int i = 0; i < 4; i++) {
      b.rtmr(i, mr[i]);
    }
    return b;
  }

  public static byte[] mrConfigV1(byte[] composeHash) {
    byte[] id = new byte[48];
    id[0] = 1;
    System.arraycopy(composeHash, 0, id, 1, 32);
    return id;
  }

  /**
   * A GetQuote-style document: event_log as a JSON string, plus optional extra top-level members.
   */
  public static byte[] document(SimulatedDcap quote, List<SimEvent> shownLog, String extraMembers) {
    String log = "[" + String.join(",", shownLog.stream().map(SimEvent::json).toList()) + "]";
    String escaped = log.replace("\\", "\\\\").replace("\"", "\\\"");
    return ("{\"quote\":\""
            + HexFormat.of().formatHex(quote.quote())
            + "\",\"event_log\":\""
            + escaped
            + "\""
            + (extraMembers.isEmpty() ? "" : "," + extraMembers)
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  public static String appComposeMember(String appCompose) {
    return "\"app_compose\":\"" + appCompose.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private SimDstack() {}
}
