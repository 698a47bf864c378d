package dev.teepol.providers.sevsnp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.sevsnp.abi.Product;
import dev.teepol.providers.sevsnp.abi.SnpReport;
import dev.teepol.providers.sevsnp.abi.SnpReportParser;
import dev.teepol.providers.sevsnp.collateral.AmdCertificateDirectory;
import dev.teepol.providers.sevsnp.dstack.DstackSnpAttestationParser;
import dev.teepol.providers.sevsnp.sim.AmdTestPki;
import dev.teepol.providers.sevsnp.sim.SimSnp;
import dev.teepol.providers.testsupport.StrictPolicy;
import java.io.ByteArrayOutputStream;
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
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile, truncated and damaged SEV-SNP evidence (raw reports, dstack containers, lone
 * certificates): every outcome is a typed parse error or a failed check, never an exception, a hang
 * or an allocation sized by an unchecked length; and no changed byte of a genuine report leaves it
 * allowed.
 */
class SnpRobustnessTest {
  private static final SnpProvider PROVIDER = new SnpProvider();
  private static final List<Sample> SAMPLES = samples();

  /** A genuine report with the context that makes it verify. */
  record Sample(String name, byte[] report, AppraisalContext context) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static List<Sample> samples() {
    try {
      List<Sample> out = new ArrayList<>();
      for (Product p : Product.values()) {
        SimSnp.Output o = SimSnp.builder().product(p).version(p == Product.TURIN ? 5 : 3).build();
        Path dir = Files.createTempDirectory("teepol-snp");
        dir.toFile().deleteOnExit();
        o.writeTo(dir);
        out.add(
            new Sample(
                "simulated-" + p.id(),
                o.report(),
                new AppraisalContext(
                    Clock.fixed(SimSnp.VERIFY_AT, ZoneOffset.UTC),
                    AmdTestPki.get().anchors(),
                    new AmdCertificateDirectory(dir, Limits.DEFAULT),
                    Optional.empty(),
                    Limits.DEFAULT)));
      }
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Appraisal appraise(byte[] b, AppraisalContext ctx) {
    return PROVIDER.appraise(new EvidenceSource("fuzz", b), ctx);
  }

  @TestFactory
  @Timeout(300)
  List<DynamicTest> everyChangedByteDenies() {
    return SAMPLES.stream()
        .map(
            s ->
                DynamicTest.dynamicTest(
                    s.name(),
                    () -> {
                      assertThat(
                              StrictPolicy.evaluate(
                                      appraise(s.report(), s.context()), SimSnp.VERIFY_AT)
                                  .allowed())
                          .isTrue();
                      for (int off = 0; off < SnpReport.LENGTH; off++) {
                        byte[] m = s.report().clone();
                        m[off] ^= (byte) 0x5a;
                        Appraisal a = appraise(m, s.context());
                        List<CheckResult> failed =
                            a.checks().stream().filter(c -> !c.passed()).toList();
                        assertThat(failed)
                            .as("byte 0x%x changed in %s", off, s.name())
                            .isNotEmpty();
                        assertThat(a.genuine()).isFalse();
                      }
                    }))
        .toList();
  }

  @TestFactory
  List<DynamicTest> everyTruncationIsATypedError() {
    return SAMPLES.stream()
        .map(
            s ->
                DynamicTest.dynamicTest(
                    s.name(),
                    () -> {
                      for (int n = 0; n < SnpReport.LENGTH; n += 7) {
                        byte[] cut = Arrays.copyOf(s.report(), n);
                        try {
                          SnpReportParser.parse(cut);
                          throw new AssertionError("truncation to " + n + " bytes parsed");
                        } catch (ParseException e) {
                          assertThat(e.field()).isNotBlank();
                        }
                        assertThat(appraise(cut, s.context()).checks()).isNotEmpty();
                      }
                      byte[] longer = Arrays.copyOf(s.report(), SnpReport.LENGTH + 1);
                      assertThat(
                              PROVIDER.recognizes(new EvidenceSource("x", longer), Limits.DEFAULT))
                          .isFalse();
                    }))
        .toList();
  }

  @Provide
  Arbitrary<Sample> sample() {
    return Arbitraries.of(SAMPLES);
  }

  /** Random u32 values written anywhere: the report has no length fields, so all is checked. */
  @Property(tries = 300)
  void hostileValuesNeverThrow(
      @ForAll("sample") Sample s,
      @ForAll @IntRange(min = 0, max = SnpReport.LENGTH - 4) int offset,
      @ForAll long value) {
    byte[] m = s.report().clone();
    for (int i = 0; i < 4; i++) {
      m[offset + i] = (byte) (value >>> (8 * i));
    }
    Appraisal a = appraise(m, s.context());
    assertThat(a.checks()).isNotEmpty();
  }

  /** Reports with a plausible header and random content never throw. */
  @Property(tries = 500)
  void arbitraryReportsNeverThrow(@ForAll("reports") byte[] b) {
    Appraisal a = appraise(b, offline());
    assertThat(a.checks()).isNotEmpty();
    assertThat(a.genuine()).isFalse();
  }

  @Provide
  Arbitrary<byte[]> reports() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofSize(SnpReport.LENGTH)
        .map(
            b -> {
              b[0] = (byte) (2 + (b[0] & 3));
              b[1] = b[2] = b[3] = 0;
              b[0x34] = 1;
              b[0x35] = b[0x36] = b[0x37] = 0;
              return b;
            });
  }

  /** dstack containers with random compact lengths and truncations never throw or over-allocate. */
  @Property(tries = 500)
  void hostileDstackContainersNeverThrow(
      @ForAll @IntRange(min = 4, max = 1300) int cut,
      @ForAll @IntRange(min = 0, max = 1400) int at,
      @ForAll long value) {
    byte[] c = container();
    byte[] m = Arrays.copyOf(c, Math.min(c.length, Math.max(cut + SnpReport.LENGTH - 1200, 5)));
    if (at < m.length - 4) {
      for (int i = 0; i < 4; i++) {
        m[at + i] = (byte) (value >>> (8 * i));
      }
    }
    try {
      DstackSnpAttestationParser.parse(m, Limits.DEFAULT);
    } catch (ParseException e) {
      assertThat(e.getMessage()).contains("offset");
    }
    Appraisal a = appraise(m, offline());
    assertThat(a.checks()).isNotEmpty();
  }

  /** Random bytes carrying AMD's productName OID, sniffed as a certificate, never throw. */
  @Property(tries = 300)
  void junkCertificatesNeverThrow(@ForAll("certJunk") byte[] b) {
    Appraisal a = appraise(b, offline());
    assertThat(a.checks()).isNotEmpty();
    assertThat(a.genuine()).isFalse();
  }

  @Provide
  Arbitrary<byte[]> certJunk() {
    byte[] oid = {0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x9c, 0x78, 0x01, 0x02};
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMinSize(16)
        .ofMaxSize(1500)
        .map(
            b -> {
              b[0] = 0x30;
              System.arraycopy(oid, 0, b, 4, Math.min(oid.length, b.length - 4));
              return b;
            });
  }

  /** A valid SCALE V0 container around a simulated report: two certificate blobs, two events. */
  static byte[] container() {
    try {
      SimSnp.Output o = SimSnp.builder().build();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(0);
      out.write(3);
      vec(out, o.report());
      out.write(2 << 2);
      vec(out, o.caChain().get(0).getEncoded());
      vec(out, o.leaf().getEncoded());
      vec(out, "{\"app_id\":\"00\"}".getBytes());
      out.write(2 << 2);
      vec(out, "app-id".getBytes());
      vec(out, new byte[20]);
      vec(out, "os-image-hash".getBytes());
      vec(out, new byte[32]);
      out.write(new byte[64]);
      vec(out, "{}".getBytes());
      return out.toByteArray();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** SCALE compact length (modes 0..2) then the bytes. */
  static void vec(ByteArrayOutputStream out, byte[] b) {
    int n = b.length;
    if (n < 64) {
      out.write(n << 2);
    } else if (n < 1 << 14) {
      int v = (n << 2) | 1;
      out.write(v);
      out.write(v >>> 8);
    } else {
      int v = (n << 2) | 2;
      out.write(v);
      out.write(v >>> 8);
      out.write(v >>> 16);
      out.write(v >>> 24);
    }
    out.write(b, 0, n);
  }

  private static AppraisalContext offline() {
    return new AppraisalContext(
        Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
        AmdTestPki.get().anchors(),
        CollateralSource.none(),
        Optional.empty(),
        Limits.DEFAULT);
  }
}
