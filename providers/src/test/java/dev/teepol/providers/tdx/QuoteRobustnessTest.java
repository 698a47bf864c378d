package dev.teepol.providers.tdx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.tdx.abi.Quote;
import dev.teepol.providers.tdx.abi.QuoteParser;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import dev.teepol.providers.tdx.sim.TdBodyType;
import dev.teepol.providers.testsupport.StrictPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile and truncated quotes: every outcome is a typed parse error or a failed check, never an
 * exception, a hang or an allocation sized by an unchecked length field; and no single changed byte
 * in the signed part of a genuine quote can leave it allowed.
 */
class QuoteRobustnessTest {
  private static final TdxProvider PROVIDER = new TdxProvider();
  private static final Map<Path, byte[]> QUOTES = new ConcurrentHashMap<>();

  private static final List<Sample> SIMULATED = simulated();

  /**
   * Simulated v4 and v5 quotes (always present) and every real quote of the corpus (when present).
   */
  static List<Sample> samples() {
    List<Sample> out = new ArrayList<>(SIMULATED);
    for (Path p : CorpusQuotes.quotes()) {
      out.add(Sample.of(p));
    }
    return out;
  }

  private static List<Sample> simulated() {
    try {
      List<Sample> out = new ArrayList<>();
      for (int version : List.of(4, 5)) {
        DcapSimulator.Builder b = DcapSimulator.builder().quoteVersion(version);
        if (version == 5) {
          b.bodyType(TdBodyType.TD15);
        }
        SimulatedDcap sim = b.build().generate();
        Path dir = Files.createTempDirectory("teepol-sim");
        dir.toFile().deleteOnExit();
        sim.writeCollateralTo(dir);
        AppraisalContext ctx =
            AppraisalContext.offline(Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC))
                .withCollateral(new DirectoryCollateralSource(dir, Limits.DEFAULT))
                .withTrustAnchors(
                    TrustAnchors.defaults().with(TrustAnchors.INTEL_SGX_ROOT, List.of(sim.root())));
        out.add(new Sample("simulated-v" + version, sim.quote(), ctx));
      }
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A quote with the context that makes it verify (collateral beside it, when the case has some).
   */
  record Sample(String name, byte[] quote, AppraisalContext context) {
    static Sample of(Path quotePath) {
      Path caseDir = quotePath.getParent();
      Path col = caseDir.resolve("collateral");
      if (!Files.isDirectory(col)) {
        col = caseDir.getParent().resolve("collateral");
      }
      AppraisalContext ctx =
          AppraisalContext.offline(Clock.fixed(verifyAt(quotePath), ZoneOffset.UTC));
      if (Files.isDirectory(col)) {
        ctx = ctx.withCollateral(new DirectoryCollateralSource(col, Limits.DEFAULT));
      }
      return new Sample(
          CorpusQuotes.corpusDir().relativize(quotePath).toString(),
          QUOTES.computeIfAbsent(quotePath, CorpusQuotes::read),
          ctx);
    }

    private static Instant verifyAt(Path quotePath) {
      for (Path d = quotePath.getParent(); d != null; d = d.getParent()) {
        Path e = d.resolve("expected.json");
        if (Files.exists(e)) {
          try (var r = jakarta.json.Json.createReader(Files.newBufferedReader(e))) {
            var o = r.readObject();
            return o.containsKey("verify_at_unix")
                ? Instant.ofEpochSecond(o.getJsonNumber("verify_at_unix").longValue())
                : Instant.parse(o.getString("verify_at"));
          } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
          }
        }
      }
      throw new IllegalStateException("no expected.json above " + quotePath);
    }
  }

  private static Appraisal appraise(byte[] quote, AppraisalContext ctx) {
    return PROVIDER.appraise(new EvidenceSource("fuzz", quote), ctx);
  }

  @TestFactory
  @Timeout(300)
  List<DynamicTest> everyTruncationIsATypedErrorOrAFailedCheck() {
    List<Sample> samples = samples();
    return samples.stream()
        .map(
            s ->
                DynamicTest.dynamicTest(
                    s.name(),
                    () -> {
                      Quote parsed = QuoteParser.parse(s.quote(), Limits.DEFAULT.maxQuoteBytes());
                      int signedEnd = parsed.length() - parsed.trailingBytes();
                      for (int n = 0; n < s.quote().length; n++) {
                        byte[] cut = java.util.Arrays.copyOf(s.quote(), n);
                        if (n < signedEnd) {
                          try {
                            QuoteParser.parse(cut, Limits.DEFAULT.maxQuoteBytes());
                            throw new AssertionError("truncation to " + n + " bytes parsed");
                          } catch (ParseException e) {
                            assertThat(e.field()).isNotBlank();
                            assertThat(e.offset()).isBetween(0L, (long) n);
                          }
                          Appraisal a = appraise(cut, s.context());
                          assertThat(
                                  StrictPolicy.evaluate(a, s.context().clock().instant()).allowed())
                              .as("truncated to %d", n)
                              .isFalse();
                        }
                      }
                    }))
        .toList();
  }

  /**
   * Every byte up to the PEM chain, and every 13th byte of the chain (each chain mutation costs a
   * full X.509 parse and path validation), of one quote per version.
   */
  @TestFactory
  @Timeout(300)
  List<DynamicTest> everyChangedSignedByteDenies() throws ParseException {
    List<Sample> samples = samples();
    Map<Integer, Sample> perVersion = new java.util.TreeMap<>();
    for (Sample s : samples) {
      perVersion.putIfAbsent(
          s.name().startsWith("simulated")
              ? -QuoteParser.parse(s.quote(), Limits.DEFAULT.maxQuoteBytes()).version()
              : QuoteParser.parse(s.quote(), Limits.DEFAULT.maxQuoteBytes()).version(),
          s);
    }
    return perVersion.values().stream()
        .map(
            s ->
                DynamicTest.dynamicTest(
                    s.name(),
                    () -> {
                      Quote q = QuoteParser.parse(s.quote(), Limits.DEFAULT.maxQuoteBytes());
                      int end = s.quote().length - q.trailingBytes();
                      int pem = q.qe().orElseThrow().certDataOffset();
                      for (int off = 0; off < end; off += off < pem ? 1 : 13) {
                        byte[] m = s.quote().clone();
                        m[off] ^= (byte) 0x5a;
                        Appraisal a = appraise(m, s.context());
                        List<CheckResult> failed =
                            a.checks().stream().filter(c -> !c.passed()).toList();
                        assertThat(failed).as("byte %d changed in %s", off, s.name()).isNotEmpty();
                      }
                    }))
        .toList();
  }

  @Provide
  Arbitrary<Sample> sample() {
    return Arbitraries.of(samples());
  }

  /** Random length-field sized values (up to 0xFFFFFFFF) written at random offsets. */
  @Property(tries = 400)
  void hostileLengthsNeverThrowOrAllocate(
      @ForAll("sample") Sample s,
      @ForAll @IntRange(min = 0, max = 5100) int offset,
      @ForAll("lengths") long value) {
    byte[] m = s.quote().clone();
    int at = Math.min(offset, m.length - 4);
    m[at] = (byte) value;
    m[at + 1] = (byte) (value >>> 8);
    m[at + 2] = (byte) (value >>> 16);
    m[at + 3] = (byte) (value >>> 24);
    Appraisal a = appraise(m, s.context());
    assertThat(a.checks()).isNotEmpty();
  }

  @Provide
  Arbitrary<Long> lengths() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(0, 0xFFFFFFFFL),
        Arbitraries.of(0L, 1L, 0xFFFFL, 0x10000L, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL));
  }

  /** Arbitrary byte strings, sometimes with a plausible header, never throw. */
  @Property(tries = 2000)
  void arbitraryBytesNeverThrow(@ForAll("junk") byte[] junk) {
    try {
      QuoteParser.parse(junk, Limits.DEFAULT.maxQuoteBytes());
    } catch (ParseException e) {
      assertThat(e.getMessage()).contains("offset");
    }
    Appraisal a =
        appraise(junk, AppraisalContext.offline(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));
    assertThat(a.checks()).isNotEmpty();
  }

  @Provide
  Arbitrary<byte[]> junk() {
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
    return raw.map(
        b -> {
          if (b.length >= 8 && (b[0] & 1) == 0) {
            b[0] = 4;
            b[1] = 0;
            b[2] = 2;
            b[3] = 0;
            b[4] = (byte) 0x81;
            b[5] = 0;
            b[6] = 0;
            b[7] = 0;
          }
          return b;
        });
  }

  @org.junit.jupiter.api.Test
  void oversizedQuoteIsRefusedWithTheLimit() {
    byte[] big = new byte[Limits.DEFAULT.maxQuoteBytes() + 1];
    big[0] = 4;
    big[2] = 2;
    Appraisal a =
        appraise(big, AppraisalContext.offline(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));
    assertThat(a.check(TdxChecks.PARSE).orElseThrow().outcome().reason())
        .contains("over the limit of " + Limits.DEFAULT.maxQuoteBytes());
  }
}
