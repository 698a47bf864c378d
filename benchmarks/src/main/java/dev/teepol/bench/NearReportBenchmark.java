package dev.teepol.bench;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.providers.near.NearProvider;
import dev.teepol.providers.nras.NrasDirectoryCollateralSource;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
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
 * A full NEAR AI model report (corpus case near-direct-qwen35-20260629, read in place): gzip, JSON,
 * the TDX quote with collateral, 30-event dstack replay, report_data bindings, the NVIDIA payload
 * nonce and 8 NRAS EATs (ES384, JWKS) — with collateral and JWKS cached, one provider reused: the
 * steady state of a client verifying a provider it talks to often.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NearReportBenchmark {
  static final String CASE = "near/near-direct-qwen35-20260629";

  private NearProvider provider;
  private EvidenceSource report;
  private AppraisalContext context;

  @Setup
  public void setup() throws Exception {
    Path dir = Path.of(System.getProperty("teepol.corpus.dir", "../shared/corpus")).resolve(CASE);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "corpus case " + dir + " not found: skipped (set -Dteepol.corpus.dir)");
    }
    JsonObject expected;
    try (JsonReader r = Json.createReader(Files.newBufferedReader(dir.resolve("expected.json")))) {
      expected = r.readObject();
    }
    CollateralSource collateral =
        new MemoizedCollateralSource(
            CollateralSource.firstOf(
                new DirectoryCollateralSource(dir.resolve("collateral"), Limits.DEFAULT),
                new NrasDirectoryCollateralSource(dir.resolve("nras"), Limits.DEFAULT)));
    context =
        new AppraisalContext(
            Clock.fixed(Instant.parse(expected.getString("verify_at")), ZoneOffset.UTC),
            TrustAnchors.defaults(),
            collateral,
            Optional.of(Hex.decode(expected.getString("request_nonce"))),
            Limits.DEFAULT);
    report =
        new EvidenceSource(CASE, Files.readAllBytes(dir.resolve("attestation_report.json.gz")));
    provider = Providers.load().byType(NearProvider.class).orElseThrow();
    Appraisal a = provider.appraise(report, context);
    if (!a.genuine()) {
      throw new IllegalStateException("the benchmark report must verify: " + a.checks());
    }
  }

  @Benchmark
  public Appraisal verifyModelReportWarm() {
    return provider.appraise(report, context);
  }
}
