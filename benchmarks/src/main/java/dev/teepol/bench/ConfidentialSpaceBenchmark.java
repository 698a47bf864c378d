package dev.teepol.bench;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.spi.RelyingParty;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.confidentialspace.ConfidentialSpaceProvider;
import dev.teepol.providers.confidentialspace.sim.SimCs;
import dev.teepol.providers.confidentialspace.sim.SimCsToken;
import dev.teepol.providers.confidentialspace.token.CsToken;
import dev.teepol.providers.confidentialspace.token.TokenParser;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * A Confidential Space token verified as the provider does it for every token: strict decode of
 * header and claims, the x5c chain to the pinned root (at iat and now), RS256, window, issuer,
 * audience, eat_nonce, claim vocabulary. {@code verify} reuses one provider (the steady state of a
 * relying party: the validated chain is remembered); {@code cold} builds a provider per call;
 * {@code parse} is the decode alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConfidentialSpaceBenchmark {
  /**
   * {@code sim}: a PKI token of the project's simulator (RSA-2048 test root and intermediate);
   * {@code corpus}: the real production TDX token (RSA-4096 Google root and intermediate), read in
   * place.
   */
  @Param({"sim", "corpus"})
  public String evidence;

  private ConfidentialSpaceProvider provider;
  private EvidenceSource token;
  private AppraisalContext context;

  @Setup
  public void setup() throws Exception {
    provider = Providers.load().byType(ConfidentialSpaceProvider.class).orElseThrow();
    if (evidence.equals("sim")) {
      token = new EvidenceSource("sim", SimCsToken.production().bytes());
      context = SimCs.context(SimCsToken.verifyAt(), true);
    } else {
      Path dir =
          Path.of(System.getProperty("teepol.corpus.dir", "../shared/corpus"))
              .resolve("confidential-space/oak-ctf-sha2-intel-tdx-jwt");
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException(
            "corpus case " + dir + " not found: skipped (set -Dteepol.corpus.dir)");
      }
      JsonObject e;
      try (JsonReader r =
          Json.createReader(Files.newBufferedReader(dir.resolve("expected.json")))) {
        e = r.readObject();
      }
      token = new EvidenceSource("corpus", Files.readAllBytes(dir.resolve("token.jwt")));
      context =
          AppraisalContext.offline(
                  Clock.fixed(Instant.parse(e.getString("verify_at")), ZoneOffset.UTC))
              .withRelyingParty(RelyingParty.NONE.withAudience(e.getString("expected_audience")))
              .withExpectedNonce(
                  e.getString("expected_eat_nonce").getBytes(StandardCharsets.UTF_8));
    }
    Appraisal a = provider.appraise(token, context);
    if (!a.checks().stream().allMatch(CheckResult::passed)) {
      throw new IllegalStateException("the benchmark token does not verify: " + a.checks());
    }
  }

  @Benchmark
  public Appraisal verify() {
    return provider.appraise(token, context);
  }

  /** A new provider per call: the x5c chain is validated by PKIX (at iat and now) every time. */
  @Benchmark
  public Appraisal cold() {
    return new ConfidentialSpaceProvider().appraise(token, context);
  }

  @Benchmark
  public CsToken parse() throws Exception {
    return TokenParser.parse(token.content(), Limits.DEFAULT);
  }
}
