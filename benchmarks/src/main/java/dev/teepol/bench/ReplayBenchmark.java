package dev.teepol.bench;

import dev.teepol.core.crypto.Digests;
import dev.teepol.providers.dstack.DstackEvent;
import dev.teepol.providers.dstack.RtmrReplay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The event-log hot path: replaying a 30-event dstack log (22 boot events with digests into
 * RTMR0-2, 8 runtime events into RTMR3 whose digests are recomputed from name and payload), against
 * the floor of the same number of SHA-384 operations done directly: 30 extends (SHA-384 of 96
 * bytes) plus 8 runtime digests (SHA-384 of a short preimage).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReplayBenchmark {
  private List<DstackEvent> events;
  private byte[][] preimages;
  private byte[][] bootDigests;

  @Setup
  public void setup() throws Exception {
    events = new ArrayList<>();
    MessageDigest md = MessageDigest.getInstance("SHA-384");
    bootDigests = new byte[22][];
    for (int i = 0; i < 22; i++) {
      bootDigests[i] = md.digest(("boot " + i).getBytes(StandardCharsets.UTF_8));
      events.add(new DstackEvent(i, i % 3, 0x80000001L, bootDigests[i], "", new byte[0], 1));
    }
    String[] names = {
      "system-preparing",
      "app-id",
      "compose-hash",
      "instance-id",
      "boot-mr-done",
      "os-image-hash",
      "key-provider",
      "system-ready"
    };
    preimages = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      byte[] payload = md.digest(names[i].getBytes(StandardCharsets.UTF_8));
      events.add(
          new DstackEvent(
              22 + i, 3, DstackEvent.RUNTIME_EVENT_TYPE, new byte[0], names[i], payload, 1));
      // V1 preimage: le32(type) ‖ ":" ‖ name ‖ ":" ‖ payload
      byte[] name = names[i].getBytes(StandardCharsets.UTF_8);
      byte[] pre = new byte[4 + 1 + name.length + 1 + payload.length];
      pre[0] = 0x01;
      pre[3] = 0x08;
      pre[4] = ':';
      System.arraycopy(name, 0, pre, 5, name.length);
      pre[5 + name.length] = ':';
      System.arraycopy(payload, 0, pre, 6 + name.length, payload.length);
      preimages[i] = pre;
    }
    if (!RtmrReplay.of(events).rtmr3Computable()) {
      throw new IllegalStateException("benchmark log must replay");
    }
  }

  @Benchmark
  public RtmrReplay replay30Events() {
    return RtmrReplay.of(events);
  }

  /** The same SHA-384 work with nothing around it: the floor replay is compared with. */
  @Benchmark
  public byte[] rawSha384Floor() {
    MessageDigest md = Digests.sha384();
    byte[] mr = new byte[48];
    for (int i = 0; i < 22; i++) {
      md.update(mr);
      md.update(bootDigests[i]);
      mr = md.digest();
    }
    for (byte[] pre : preimages) {
      byte[] d = md.digest(pre);
      md.update(mr);
      md.update(d);
      mr = md.digest();
    }
    return mr;
  }
}
