package dev.teepol.providers.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.tdx.CorpusQuotes;
import dev.teepol.providers.tinfoil.TinfoilProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Sigstore bundles, trusted roots and Tinfoil documents on damaged input (real ones from the corpus
 * when present, and simulated ones): truncations, changed bytes and deep nesting end as an
 * appraisal with checks, never an exception, a hang or an all-PASS. The simulated release is judged
 * at a time when, undamaged, every check passes, so a damaged one must show where.
 */
class ReleaseRobustnessTest {
  record Doc(String name, byte[] bytes, EvidenceProvider provider, AppraisalContext ctx) {}

  static final Providers PROVIDERS = Providers.load();

  static List<Doc> docs() {
    List<Doc> out = new ArrayList<>();
    SigstoreProvider sigstore = PROVIDERS.byType(SigstoreProvider.class).orElseThrow();
    TinfoilProvider tinfoil = PROVIDERS.byType(TinfoilProvider.class).orElseThrow();
    out.add(
        new Doc(
            "sim-bundle",
            SigstoreSimulatedTest.SIM.sign(SigstoreSimulatedTest.spec()).bundle(),
            sigstore,
            SigstoreSimulatedTest.ctx(
                SigstoreSimulatedTest.SIM, SigstoreSimulatedTest.SIGNED.plusSeconds(60))));
    AppraisalContext later =
        AppraisalContext.offline(
            Clock.fixed(Instant.parse("2026-07-01T00:00:00Z"), ZoneOffset.UTC));
    Path corpus = CorpusQuotes.corpusDir();
    for (String c :
        List.of("tinfoil-model-router-release", "tinfoil-hardware-measurements-release")) {
      Path f = corpus.resolve("sigstore").resolve(c).resolve("bundle.sigstore.json");
      if (Files.isRegularFile(f)) {
        out.add(new Doc(c, CorpusQuotes.read(f), sigstore, later));
      }
    }
    for (Path f :
        List.of(
            corpus.resolve("tdx/tinfoil-tdx-v4-attestation-doc/tinfoil_attestation.json"),
            corpus.resolve("tinfoil/router-snp-genoa-with-release/tinfoil_attestation.json"))) {
      if (Files.isRegularFile(f)) {
        out.add(
            new Doc(f.getParent().getFileName().toString(), CorpusQuotes.read(f), tinfoil, later));
      }
    }
    return out;
  }

  @Provide
  Arbitrary<Doc> doc() {
    return Arbitraries.of(docs());
  }

  private static void assertTyped(Doc d, byte[] damaged) {
    Appraisal a =
        d.provider().appraise(new EvidenceSource(d.name() + " (damaged)", damaged), d.ctx());
    assertThat(a.checks()).isNotEmpty();
    assertThat(a.checks().stream().allMatch(CheckResult::passed))
        .as(a.checks().toString())
        .isFalse();
  }

  @Property(tries = 120)
  void truncationsAreTypedFailures(
      @ForAll("doc") Doc d, @ForAll @IntRange(min = 0, max = 1_000_000) int cut) {
    assertTyped(d, Arrays.copyOf(d.bytes(), cut % Math.max(1, d.bytes().length)));
  }

  @Property(tries = 200)
  void changedBytesAreTypedFailures(
      @ForAll("doc") Doc d,
      @ForAll @IntRange(min = 0, max = 1_000_000) int at,
      @ForAll("structural") byte value) {
    byte[] m = d.bytes().clone();
    int i = at % m.length;
    // Bytes that change nothing the verifier reads: the same byte, JSON white space for other white
    // space (outside strings it means nothing; inside one it breaks the JSON), or a base64
    // character whose change only touches the padding bits Java's decoder ignores.
    if (m[i] == value
        || (jsonSpace(m[i]) && jsonSpace(value))
        || (i + 1 < m.length && m[i + 1] == '=')) {
      return;
    }
    m[i] = value;
    assertTyped(d, m);
  }

  private static boolean jsonSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  @Provide
  Arbitrary<Byte> structural() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            (byte) '{',
            (byte) '}',
            (byte) '[',
            (byte) ']',
            (byte) '"',
            (byte) ',',
            (byte) ':',
            (byte) '\\',
            (byte) 0,
            (byte) 0xff,
            (byte) 'A',
            (byte) '9'),
        Arbitraries.bytes());
  }

  @Property(tries = 30)
  void deepNestingIsRefusedNotRecursed(
      @ForAll("doc") Doc d, @ForAll @IntRange(min = 65, max = 100_000) int depth) {
    byte[] nested =
        ("{\"mediaType\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
            .getBytes(StandardCharsets.US_ASCII);
    Appraisal a = d.provider().appraise(new EvidenceSource("deep", nested), d.ctx());
    assertThat(a.checks()).isNotEmpty().noneMatch(CheckResult::passed);
  }

  @Property(tries = 60)
  void damagedTrustedRootsAreRefusedNotTrusted(
      @ForAll @IntRange(min = 0, max = 1_000_000) int at, @ForAll("structural") byte value) {
    byte[] root = SigstoreSimulatedTest.SIM.trustedRoot();
    byte[] m = root.clone();
    int i = at % m.length;
    if (m[i] == value) {
      return;
    }
    m[i] = value;
    SigstoreProvider p = PROVIDERS.byType(SigstoreProvider.class).orElseThrow();
    AppraisalContext ctx =
        SigstoreSimulatedTest.ctx(
                SigstoreSimulatedTest.SIM, SigstoreSimulatedTest.SIGNED.plusSeconds(60))
            .withTrustAnchors(
                dev.teepol.core.spi.TrustAnchors.defaults()
                    .withDocument(dev.teepol.core.spi.TrustAnchors.SIGSTORE_TRUSTED_ROOT, m));
    VerifiedRelease r =
        p.verifyRelease(
            new ReleaseFolder(
                "sim",
                SigstoreSimulatedTest.SIM.sign(SigstoreSimulatedTest.spec()).bundle(),
                Optional.empty(),
                Optional.empty()),
            List.of(),
            ctx);
    // Damage that leaves the root's meaning intact (a byte inside a URL) may still verify; any
    // other damage is a typed refusal naming the trusted root or the material it no longer vouches
    // for, never an exception.
    if (!r.verified()) {
      assertThat(r.checks()).anyMatch(c -> !c.passed());
    }
    assertThat(r.checks()).isNotEmpty();
  }
}
