package dev.teepol.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.dstack.DstackProvider;
import dev.teepol.providers.near.NearProvider;
import dev.teepol.providers.nras.NrasProvider;
import dev.teepol.providers.nras.SimNras;
import dev.teepol.providers.tdx.CorpusQuotes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The JSON providers (dstack, NRAS, NEAR, mock) on damaged input: random truncations, byte changes
 * and spliced structure in real (corpus, when present) and simulated documents. Every outcome is an
 * appraisal with checks — never an exception, a hang or an all-PASS.
 */
class JsonEvidenceRobustnessTest {
  record Doc(String name, byte[] bytes, EvidenceProvider provider) {}

  private static final AppraisalContext CTX =
      AppraisalContext.offline(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  static List<Doc> docs() {
    List<Doc> out = new ArrayList<>();
    Providers providers = Providers.load();
    NrasProvider nras = providers.byType(NrasProvider.class).orElseThrow();
    out.add(
        new Doc(
            "sim-nras",
            SimNras.response(Instant.parse("2026-01-01T00:00:00Z"), "ab".repeat(32), 2),
            nras));
    out.add(
        new Doc(
            "sim-mock",
            dev.teepol.providers.mock.SimMock.answer(),
            providers.byType(dev.teepol.providers.mock.MockProvider.class).orElseThrow()));
    Path corpus = CorpusQuotes.corpusDir();
    if (Files.isDirectory(corpus)) {
      addAll(
          out,
          corpus.resolve("dstack"),
          ".json",
          providers.byType(DstackProvider.class).orElseThrow());
      addAll(out, corpus.resolve("nras"), ".json", nras);
      addAll(
          out,
          corpus.resolve("near"),
          ".json.gz",
          providers.byType(NearProvider.class).orElseThrow());
    }
    return out;
  }

  private static void addAll(List<Doc> out, Path dir, String suffix, EvidenceProvider p) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir, 2)) {
      s.filter(f -> f.getFileName().toString().endsWith(suffix))
          .sorted()
          .forEach(
              f -> {
                byte[] b = CorpusQuotes.read(f);
                if (p.recognizes(new EvidenceSource(f.toString(), b), Limits.DEFAULT)) {
                  out.add(new Doc(dir.getFileName() + "/" + f.getFileName(), b, p));
                }
              });
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Provide
  Arbitrary<Doc> doc() {
    return Arbitraries.of(docs());
  }

  private static void assertTyped(Doc d, byte[] damaged) {
    Appraisal a = d.provider().appraise(new EvidenceSource(d.name() + " (damaged)", damaged), CTX);
    assertThat(a.checks()).isNotEmpty();
    // Without collateral, keys or a nonce nothing can pass everything, damaged or not (some damage,
    // e.g. to a gzip header's timestamp, leaves the content intact).
    assertThat(all(a).allMatch(CheckResult::passed)).isFalse();
  }

  /** The checks of an appraisal and of all its components. */
  static Stream<CheckResult> all(Appraisal a) {
    return Stream.concat(
        a.checks().stream(),
        a.components().values().stream().flatMap(JsonEvidenceRobustnessTest::all));
  }

  @Property(tries = 150)
  void truncationsAreTypedFailures(
      @ForAll("doc") Doc d, @ForAll @IntRange(min = 0, max = 1_000_000) int cut) {
    assertTyped(d, java.util.Arrays.copyOf(d.bytes(), cut % Math.max(1, d.bytes().length)));
  }

  @Property(tries = 150)
  void changedBytesAreTypedFailures(
      @ForAll("doc") Doc d,
      @ForAll @IntRange(min = 0, max = 1_000_000) int at,
      @ForAll("structural") byte value) {
    byte[] m = d.bytes().clone();
    m[at % m.length] = value;
    assertTyped(d, m);
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
            (byte) '9'),
        Arbitraries.bytes());
  }

  @Property(tries = 60)
  void deepNestingIsRefusedNotRecursed(
      @ForAll("doc") Doc d, @ForAll @IntRange(min = 65, max = 100_000) int depth) {
    byte[] nested = ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.US_ASCII);
    Appraisal a = d.provider().appraise(new EvidenceSource("deep", nested), CTX);
    assertThat(a.checks()).isNotEmpty();
    assertThat(all(a).noneMatch(CheckResult::passed)).isTrue();
    assertThat(Limits.DEFAULT.maxJsonDepth()).isLessThan(depth);
  }
}
