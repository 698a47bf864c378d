package dev.teepol.providers.tpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.providers.tdx.CorpusQuotes;
import dev.teepol.providers.tpm.abi.AkPublicParser;
import dev.teepol.providers.tpm.abi.AttestationDumpParser;
import dev.teepol.providers.tpm.abi.CelParser;
import dev.teepol.providers.tpm.abi.EventLogParser;
import dev.teepol.providers.tpm.abi.GoTpmAttestationParser;
import dev.teepol.providers.tpm.abi.QuoteParser;
import dev.teepol.providers.tpm.abi.TpmSignatureParser;
import dev.teepol.providers.tpm.sim.SimAk;
import dev.teepol.providers.tpm.sim.SimulatedTpm;
import dev.teepol.providers.tpm.sim.TpmSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * TPM evidence on damaged input: truncated, flipped, spliced and random bytes into every container
 * (simulated protobufs with RSA and ECC AKs, and the corpus's protobuf, JSON dump and event log
 * when present). Every outcome is an appraisal with checks — never an exception, a hang or an
 * allocation sized by an unchecked length — and no changed byte in what a quote's genuineness rests
 * on (the AK's public area, a TPMS_ATTEST, a signature, a quoted PCR value) leaves it allowed.
 */
class TpmRobustnessTest {
  record Sample(String name, byte[] bytes, AppraisalContext context) {}

  private static final SimulatedTpm RSA = TpmSimulator.builder().build().generate();
  private static final SimulatedTpm ECC =
      TpmSimulator.builder().ak(SimAk.ecc("robust")).build().generate();
  private static final List<Sample> SAMPLES = samples();

  private static List<Sample> samples() {
    List<Sample> out = new ArrayList<>();
    out.add(new Sample("sim-rsa", RSA.attestation(), ctx(RSA)));
    out.add(new Sample("sim-ecc", ECC.attestation(), ctx(ECC)));
    out.add(new Sample("sim-log", RSA.eventLog(), ctx(RSA)));
    Path tpm = CorpusQuotes.corpusDir().resolve("tpm");
    for (String f :
        List.of(
            "gce-cos85-nonce9009/attestation.pb",
            "gcp-windows-shielded-vm-sha1/dump.json",
            "eventlog-rhel8-gce/event_log.bin")) {
      Path p = tpm.resolve(f);
      if (Files.isRegularFile(p)) {
        out.add(new Sample(f, CorpusQuotes.read(p), ctx(RSA)));
      }
    }
    return out;
  }

  private static AppraisalContext ctx(SimulatedTpm sim) {
    return SimContext.of(sim).withExpectedNonce(sim.nonce());
  }

  @Provide
  Arbitrary<Integer> sample() {
    return Arbitraries.integers().between(0, SAMPLES.size() - 1);
  }

  private static Appraisal appraise(Sample s, byte[] b) {
    return SimContext.PROVIDER.appraise(new EvidenceSource(s.name(), b), s.context());
  }

  /** Never throws, and a damaged document never has every check passing unless it is unchanged. */
  private static void sane(Sample s, byte[] damaged) {
    Appraisal a = appraise(s, damaged);
    assertThat(a.checks()).isNotEmpty();
    assertThat(SimContext.PROVIDER.recognizes(new EvidenceSource("x", damaged), Limits.DEFAULT))
        .isIn(true, false);
  }

  @Property(tries = 200)
  void truncatedEvidenceIsAnAppraisalNeverAnException(
      @ForAll("sample") int i, @ForAll @IntRange(min = 0, max = 100_000) int cut) {
    Sample s = SAMPLES.get(i);
    int len = Math.min(cut, s.bytes().length);
    byte[] t = Arrays.copyOf(s.bytes(), len);
    sane(s, t);
    if (len < s.bytes().length && s.name().startsWith("sim-rsa")) {
      assertThat(SimContext.strict(appraise(s, t)).decision()).isEqualTo(Decision.DENY);
    }
  }

  @Property(tries = 300)
  void flippedBytesAreAnAppraisalNeverAnException(
      @ForAll("sample") int i,
      @ForAll @IntRange(min = 0, max = 1 << 20) int where,
      @ForAll @IntRange(min = 1, max = 255) int xor,
      @ForAll @IntRange(min = 1, max = 4) int count) {
    Sample s = SAMPLES.get(i);
    byte[] b = s.bytes().clone();
    for (int k = 0; k < count; k++) {
      int at = (where + k * 7919) % b.length;
      b[at] ^= (byte) xor;
    }
    sane(s, b);
  }

  @Property(tries = 250)
  void noChangedByteInASignedPartLeavesTheAttestationAllowed(
      @ForAll @IntRange(min = 0, max = 1 << 20) int where,
      @ForAll @IntRange(min = 1, max = 255) int xor,
      @ForAll boolean ecc) {
    SimulatedTpm sim = ecc ? ECC : RSA;
    byte[] pb = sim.attestation();
    List<int[]> regions = signedRegions(pb, sim.signedParts());
    int[] r = regions.get(where % regions.size());
    int at = r[0] + (where / regions.size()) % (r[1] - r[0]);
    byte[] b = pb.clone();
    b[at] ^= (byte) xor;
    Appraisal a = SimContext.appraise(new SimulatedTpmView(sim, b).sim(), ctx(sim));
    assertThat(SimContext.strict(a).decision())
        .as(
            "byte "
                + at
                + " ^ "
                + xor
                + ": "
                + a.checks().stream().filter(c -> !c.passed()).map(CheckResult::id).toList())
        .isEqualTo(Decision.DENY);
  }

  /**
   * Two edits of the AK's public area that keep its key: a reserved objectAttributes bit (no TPM
   * creates such a key) and another nameAlg (the quote's qualifiedSigner was computed with the real
   * one). Each used to leave the attestation allowed; jqwik found the first.
   */
  @net.jqwik.api.Example
  void anAkPublicAreaEditedAroundItsKeyIsRefused() {
    for (SimulatedTpm sim : List.of(RSA, ECC)) {
      byte[] pb = sim.attestation();
      byte[] area = sim.akPublicArea();
      int at = -1;
      for (int i = 0; i + area.length <= pb.length && at < 0; i++) {
        if (Arrays.equals(pb, i, i + area.length, area, 0, area.length)) {
          at = i;
        }
      }
      assertThat(at).isNotNegative();
      byte[] reserved = pb.clone();
      reserved[at + 7] ^= 0x01; // objectAttributes bit 0
      Appraisal a = SimContext.appraise(new SimulatedTpmView(sim, reserved).sim(), ctx(sim));
      assertThat(a.checks())
          .filteredOn(c -> !c.passed())
          .extracting(CheckResult::id)
          .containsExactly(TpmChecks.AK_ATTRIBUTES);
      byte[] nameAlg = pb.clone();
      nameAlg[at + 3] = 0x0C; // sha256 (0x000B) -> sha384 (0x000C)
      Appraisal b = SimContext.appraise(new SimulatedTpmView(sim, nameAlg).sim(), ctx(sim));
      assertThat(b.checks())
          .filteredOn(c -> !c.passed())
          .extracting(CheckResult::id)
          .contains(TpmChecks.QUOTE_SIGNATURE);
      assertThat(SimContext.strict(b).decision()).isEqualTo(Decision.DENY);
    }
  }

  /** Where each signed part (that is not one repeated byte) occurs in the protobuf. */
  private static List<int[]> signedRegions(byte[] pb, List<byte[]> parts) {
    List<int[]> out = new ArrayList<>();
    for (byte[] p : parts) {
      if (constant(p)) {
        continue;
      }
      for (int i = 0; i + p.length <= pb.length; i++) {
        if (Arrays.equals(pb, i, i + p.length, p, 0, p.length)) {
          out.add(new int[] {i, i + p.length});
        }
      }
    }
    return out;
  }

  private static boolean constant(byte[] p) {
    for (byte x : p) {
      if (x != p[0]) {
        return false;
      }
    }
    return true;
  }

  /** A simulated attestation with other protobuf bytes, for {@link SimContext#appraise}. */
  private record SimulatedTpmView(SimulatedTpm base, byte[] bytes) {
    SimulatedTpm sim() {
      return new SimulatedTpm(
          bytes,
          base.akCaRoot(),
          base.ak(),
          base.nonce(),
          base.pcrs(),
          base.akPublicArea(),
          base.eventLog(),
          base.canonicalEventLog(),
          base.akCertificate(),
          base.signedParts());
    }
  }

  @Property(tries = 500)
  void randomBytesAreAParseErrorInEveryParser(@ForAll byte[] random) {
    List<ThrowingParser> parsers =
        List.of(
            QuoteParser::parse,
            AkPublicParser::parse,
            TpmSignatureParser::parse,
            b -> EventLogParser.parse(b, Limits.DEFAULT),
            b -> GoTpmAttestationParser.parse(b, Limits.DEFAULT),
            b -> AttestationDumpParser.parse(b, Limits.DEFAULT),
            b -> CelParser.parse(b, Limits.DEFAULT));
    for (ThrowingParser p : parsers) {
      try {
        p.parse(random);
      } catch (ParseException expected) {
        // the one allowed outcome besides a parse
      }
    }
  }

  @FunctionalInterface
  interface ThrowingParser {
    Object parse(byte[] b) throws ParseException;
  }

  @Property(tries = 150)
  void splicedContainersAreAnAppraisalNeverAnException(
      @ForAll("sample") int i,
      @ForAll("sample") int j,
      @ForAll @IntRange(min = 0, max = 100_000) int a,
      @ForAll @IntRange(min = 0, max = 100_000) int b) {
    byte[] x = SAMPLES.get(i).bytes();
    byte[] y = SAMPLES.get(j).bytes();
    int ca = Math.min(a, x.length);
    int cb = Math.min(b, y.length);
    byte[] spliced = Arrays.copyOf(x, ca + (y.length - cb));
    System.arraycopy(y, cb, spliced, ca, y.length - cb);
    sane(SAMPLES.get(i), spliced);
  }
}
