package dev.teepol.bench;

import dev.teepol.core.crypto.Digests;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.tpm.abi.EventLog;
import dev.teepol.providers.tpm.abi.EventLogParser;
import dev.teepol.providers.tpm.abi.TcgEvent;
import dev.teepol.providers.tpm.abi.TpmHash;
import dev.teepol.providers.tpm.verify.BootDecoder;
import dev.teepol.providers.tpm.verify.EventDataRules;
import dev.teepol.providers.tpm.verify.PcrReplay;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The GCE vTPM event log of {@code tpm/gce-cos85-nonce9009} (23,970 bytes, 45 events, three banks;
 * read in place): parse and replay the SHA-256 bank; the same plus the event-data rules and boot
 * decoding (what an appraisal does with a log); and the floor: the same SHA-256 extends done bare.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TpmEventLogBenchmark {
  private byte[] log;
  private List<byte[]> sha256Digests;
  private List<Integer> pcrs;

  @Setup
  public void setup() throws Exception {
    Path f =
        Path.of(System.getProperty("teepol.corpus.dir", "../shared/corpus"))
            .resolve(TpmBenchmark.CASE)
            .resolve("event_log.bin");
    if (!Files.isRegularFile(f)) {
      throw new IllegalStateException("corpus file " + f + " not found: skipped");
    }
    log = Files.readAllBytes(f);
    EventLog l = EventLogParser.parse(log, Limits.DEFAULT);
    if (!EventDataRules.check(l).isEmpty()) {
      throw new IllegalStateException("benchmark log must pass the data rules");
    }
    sha256Digests = new ArrayList<>();
    pcrs = new ArrayList<>();
    for (TcgEvent e : l.events()) {
      if (!e.noAction()) {
        sha256Digests.add(e.digest(TpmHash.SHA256).orElseThrow());
        pcrs.add(e.pcr());
      }
    }
  }

  @Benchmark
  public PcrReplay.Replayed parseAndReplaySha256() throws Exception {
    return PcrReplay.replay(EventLogParser.parse(log, Limits.DEFAULT), TpmHash.SHA256);
  }

  @Benchmark
  public BootDecoder.Decoded parseReplayCheckAndDecode() throws Exception {
    EventLog l = EventLogParser.parse(log, Limits.DEFAULT);
    PcrReplay.Replayed r = PcrReplay.replay(l, TpmHash.SHA256);
    EventDataRules.check(l);
    return BootDecoder.decode(l, TpmHash.SHA256, r.steps()::containsKey, List.of(TpmHash.SHA256));
  }

  /** The same SHA-256 extends with nothing around them. */
  @Benchmark
  public byte[][] rawSha256Floor() {
    byte[][] v = new byte[24][];
    MessageDigest md = Digests.sha256();
    for (int i = 0; i < sha256Digests.size(); i++) {
      int p = pcrs.get(i);
      if (v[p] == null) {
        v[p] = new byte[32];
      }
      md.update(v[p]);
      md.update(sha256Digests.get(i));
      v[p] = md.digest();
    }
    return v;
  }
}
