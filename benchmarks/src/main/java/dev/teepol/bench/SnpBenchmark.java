package dev.teepol.bench;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.sevsnp.SnpProvider;
import dev.teepol.providers.sevsnp.abi.SnpReport;
import dev.teepol.providers.sevsnp.abi.SnpReportParser;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * SEV-SNP reports through the provider SPI, certificates served from memory.
 *
 * <ul>
 *   <li>{@code parse}: bytes to {@link SnpReport} (version, reserved regions, signature padding).
 *       Target < 1 µs.
 *   <li>{@code warm}: one provider for all invocations: the verified VCEK chain and the VCEK's key
 *       are cached, so the cost is the P-384 signature and the bindings. Target < 400 µs.
 *   <li>{@code cold}: a new provider per invocation: the chain (two RSA-4096 PSS verifies, PKIX) is
 *       verified again.
 * </ul>
 *
 * Setup refuses to run when any check does not pass, so no rejection path is timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SnpBenchmark {
  @Param({"sim-milan", "sim-turin", "corpus-genoa", "corpus-turin"})
  public String evidence;

  private SnpCase snp;
  private EvidenceSource source;
  private SnpProvider warmProvider;

  @Setup
  public void load() throws IOException {
    snp = SnpCase.load(evidence);
    source = snp.evidence();
    warmProvider = new SnpProvider();
    Appraisal a = warmProvider.appraise(source, snp.context());
    List<CheckResult> failed = a.checks().stream().filter(c -> !c.passed()).toList();
    if (!failed.isEmpty() || a.checks().isEmpty()) {
      throw new IllegalStateException(
          evidence + " does not verify; refusing to time a rejection: " + failed);
    }
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public SnpReport parse() throws ParseException {
    return SnpReportParser.parse(snp.report());
  }

  @Benchmark
  public Appraisal warm() {
    return warmProvider.appraise(source, snp.context());
  }

  @Benchmark
  public Appraisal cold() {
    return new SnpProvider().appraise(source, snp.context());
  }
}
