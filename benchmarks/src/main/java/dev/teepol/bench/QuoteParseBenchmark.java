package dev.teepol.bench;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.tdx.abi.Quote;
import dev.teepol.providers.tdx.abi.QuoteParser;
import java.io.IOException;
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
 * Bytes to a {@link Quote}: header, body location, signature data and QE certification. Target < 2
 * µs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QuoteParseBenchmark {
  @Param({"sim-v4", "sim-v5", "corpus-v4", "corpus-v5"})
  public String evidence;

  private byte[] quote;
  private final int maxQuoteBytes = Limits.DEFAULT.maxQuoteBytes();

  @Setup
  public void load() throws IOException {
    try (DcapCase c = DcapCase.load(evidence)) {
      quote = c.quote();
    }
  }

  @Benchmark
  public Quote parse() throws ParseException {
    return QuoteParser.parse(quote, maxQuoteBytes);
  }
}
