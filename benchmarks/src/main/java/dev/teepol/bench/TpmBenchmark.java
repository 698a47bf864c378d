package dev.teepol.bench;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.tpm.TpmProvider;
import dev.teepol.providers.tpm.sim.SimAk;
import dev.teepol.providers.tpm.sim.SimulatedTpm;
import dev.teepol.providers.tpm.sim.TpmSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * A whole TPM attestation through {@code TpmProvider.appraise}: container, AK, every quote's
 * signature and PCR digest, AK certificate path, nonce, event-log parse, event-data rules, replay
 * of every quoted bank and boot decoding, canonical event log (sim only). {@code warm} reuses one
 * provider (its AK path cache hot: the steady state of a verifier that sees a node again); {@code
 * cold} builds a provider per call (PKIX path building every time).
 *
 * <ul>
 *   <li>{@code corpus-gce}: the real GCE vTPM attestation {@code tpm/gce-cos85-nonce9009} (RSA-2048
 *       AK, three quotes, 45-event log replayed in three banks), read in place, with the GCE
 *       bundle, at 2025-01-01;
 *   <li>{@code sim-rsa}, {@code sim-ecc}: the project's simulator (two quotes, 28 events, the
 *       launcher's canonical log), test AK CA.
 * </ul>
 *
 * Every benchmark refuses to run unless every check passes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TpmBenchmark {
  static final String CASE = "tpm/gce-cos85-nonce9009";

  @Param({"corpus-gce", "sim-rsa", "sim-ecc"})
  public String evidence;

  private TpmProvider warm;
  private EvidenceSource source;
  private AppraisalContext context;

  @Setup
  public void setup() throws Exception {
    Instant at;
    TrustAnchors anchors;
    byte[] nonce;
    byte[] bytes;
    if (evidence.equals("corpus-gce")) {
      Path dir = Path.of(System.getProperty("teepol.corpus.dir", "../shared/corpus")).resolve(CASE);
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException("corpus case " + dir + " not found: skipped");
      }
      bytes = Files.readAllBytes(dir.resolve("attestation.pb"));
      at = Instant.parse("2025-01-01T00:00:00Z");
      anchors = TrustAnchors.defaults().withBundle(TrustAnchors.GCE_VTPM);
      nonce = Hex.decode("9009");
    } else {
      SimulatedTpm sim =
          (evidence.equals("sim-ecc")
                  ? TpmSimulator.builder().ak(SimAk.ecc("bench"))
                  : TpmSimulator.builder())
              .build()
              .generate();
      bytes = sim.attestation();
      at = TpmSimulator.VERIFY_AT;
      anchors = TrustAnchors.defaults().with(TrustAnchors.TPM_AK_ROOT, List.of(sim.akCaRoot()));
      nonce = sim.nonce();
    }
    source = new EvidenceSource(evidence, bytes);
    context =
        new AppraisalContext(
            Clock.fixed(at, ZoneOffset.UTC),
            anchors,
            dev.teepol.core.spi.CollateralSource.none(),
            java.util.Optional.of(nonce),
            Limits.DEFAULT);
    warm = new TpmProvider();
    Appraisal a = warm.appraise(source, context);
    for (CheckResult c : a.checks()) {
      if (!c.passed()) {
        throw new IllegalStateException(evidence + ": " + c.id() + " " + c.explanation());
      }
    }
  }

  @Benchmark
  public Appraisal warm() {
    return warm.appraise(source, context);
  }

  @Benchmark
  public Appraisal cold() {
    return new TpmProvider().appraise(source, context);
  }
}
