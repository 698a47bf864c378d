package dev.teepol.bench;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.tdx.TdxProvider;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full TDX appraisal through the provider SPI, collateral served from memory.
 *
 * <ul>
 *   <li>{@code warm}: one provider for all invocations, so its verified-collateral and PCK-chain
 *       caches are hot: the steady state of a verifier serving many quotes of one platform. Target
 *       < 400 µs.
 *   <li>{@code cold}: a new provider per invocation, so every chain, CRL, TCB info and QE identity
 *       is parsed and verified again: the first quote from a platform.
 * </ul>
 *
 * Setup verifies the case once and refuses to run when any check does not pass, so the timings are
 * never those of a rejection path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TdxVerifyBenchmark {
  @Param({"sim-v4", "sim-v5", "corpus-v4", "corpus-v5"})
  public String evidence;

  private DcapCase dcap;
  private EvidenceSource source;
  private TdxProvider warmProvider;

  @Setup
  public void load() throws IOException {
    dcap = DcapCase.load(evidence);
    source = dcap.evidence();
    warmProvider = new TdxProvider();
    requireAllPass(warmProvider.appraise(source, dcap.context()));
  }

  @TearDown
  public void close() {
    dcap.close();
  }

  @Benchmark
  public Appraisal warm() {
    return warmProvider.appraise(source, dcap.context());
  }

  @Benchmark
  public Appraisal cold() {
    return new TdxProvider().appraise(source, dcap.context());
  }

  private void requireAllPass(Appraisal a) {
    List<CheckResult> failed = a.checks().stream().filter(c -> !c.passed()).toList();
    if (!failed.isEmpty() || a.checks().isEmpty()) {
      StringBuilder why =
          new StringBuilder(evidence + " does not verify; refusing to time a rejection:");
      failed.forEach(c -> why.append("\n  ").append(c.id()).append(": ").append(c.explanation()));
      throw new IllegalStateException(why.toString());
    }
  }
}
