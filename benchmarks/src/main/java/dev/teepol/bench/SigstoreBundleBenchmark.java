package dev.teepol.bench;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.providers.sevsnp.collateral.AmdCertificateDirectory;
import dev.teepol.providers.sigstore.ReleaseFolder;
import dev.teepol.providers.sigstore.ReleaseIdentity;
import dev.teepol.providers.sigstore.ReleaseInputs;
import dev.teepol.providers.sigstore.SigstoreProvider;
import dev.teepol.providers.sigstore.VerifiedRelease;
import dev.teepol.providers.sigstore.abi.Bundle;
import dev.teepol.providers.sigstore.abi.BundleParser;
import dev.teepol.providers.tinfoil.TinfoilProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
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
 * A real Sigstore bundle (corpus case sigstore/tinfoil-model-router-release, a GitHub attestation,
 * read in place): parse alone; the full verification (Fulcio chain, SCT, DSSE, SET, inclusion
 * proof, checkpoint, body, identity) cold, and warm with one provider reused (verified releases
 * remembered); and Tinfoil end to end (tinfoil/router-snp-genoa-with-release: the SEV-SNP report
 * with its supplied VCEK chain and the release).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SigstoreBundleBenchmark {
  static final String RELEASE = "sigstore/tinfoil-model-router-release";
  static final String TINFOIL = "tinfoil/router-snp-genoa-with-release";
  static final String REPO = "tinfoilsh/confidential-model-router";

  private SigstoreProvider sigstore;
  private TinfoilProvider tinfoil;
  private ReleaseFolder release;
  private AppraisalContext releaseContext;
  private EvidenceSource document;
  private ReleaseInputs tinfoilReleases;
  private AppraisalContext tinfoilContext;

  @Setup
  public void setup() throws Exception {
    Path corpus = Path.of(System.getProperty("teepol.corpus.dir", "../shared/corpus"));
    Path dir = corpus.resolve(RELEASE);
    Path tdir = corpus.resolve(TINFOIL);
    if (!Files.isDirectory(dir) || !Files.isDirectory(tdir)) {
      throw new IllegalStateException(
          "corpus cases " + dir + ", " + tdir + " not found: skipped (set -Dteepol.corpus.dir)");
    }
    Providers providers = Providers.load();
    sigstore = providers.byType(SigstoreProvider.class).orElseThrow();
    tinfoil = providers.byType(TinfoilProvider.class).orElseThrow();
    release = ReleaseFolder.read(dir, Limits.DEFAULT);
    releaseContext =
        AppraisalContext.offline(
            Clock.fixed(Instant.parse("2026-06-29T02:12:49Z"), ZoneOffset.UTC));
    VerifiedRelease r = verifyRelease();
    if (!r.verified()) {
      throw new IllegalStateException("the benchmark release must verify: " + r.checks());
    }
    document = EvidenceSource.read(tdir.resolve("tinfoil_attestation.json"), Limits.DEFAULT);
    tinfoilReleases =
        new ReleaseInputs(
            List.of(ReleaseFolder.read(tdir.resolve("releases/model-router"), Limits.DEFAULT)),
            List.of(ReleaseIdentity.githubTag(REPO)));
    tinfoilContext =
        new AppraisalContext(
            Clock.fixed(Instant.parse("2026-06-29T02:12:49Z"), ZoneOffset.UTC),
            TrustAnchors.defaults(),
            new AmdCertificateDirectory(tdir, Limits.DEFAULT),
            Optional.empty(),
            Limits.DEFAULT);
    Appraisal a = tinfoilEndToEnd();
    if (!a.genuine()) {
      throw new IllegalStateException("the benchmark Tinfoil case must verify: " + a.checks());
    }
  }

  @Benchmark
  public Bundle parse() throws Exception {
    return BundleParser.parse(release.bundle(), Limits.DEFAULT);
  }

  @Benchmark
  public VerifiedRelease verifyRelease() {
    return sigstore.verifyRelease(
        release, List.of(ReleaseIdentity.githubTag(REPO)), releaseContext);
  }

  @Benchmark
  public Appraisal tinfoilEndToEnd() {
    return tinfoil.appraise(document, tinfoilReleases, tinfoilContext);
  }
}
