package dev.teepol.providers.confidentialspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.RelyingParty;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.confidentialspace.sim.SimCs;
import dev.teepol.providers.confidentialspace.sim.SimCsToken;
import dev.teepol.providers.tdx.CorpusQuotes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Confidential Space tokens on damaged input: random truncations, changed bytes and spliced
 * segments of simulated (PKI and OIDC) and real (corpus, when present) tokens, each judged in the
 * context where the intact token passes every check. Every outcome is an appraisal with checks,
 * never an exception, a hang or an all-PASS.
 */
class TokenRobustnessTest {
  private static final ConfidentialSpaceProvider PROVIDER = new ConfidentialSpaceProvider();

  record Doc(String name, byte[] bytes, AppraisalContext ctx) {}

  static List<Doc> docs() {
    List<Doc> out = new ArrayList<>();
    AppraisalContext sim = SimCs.context(SimCsToken.verifyAt(), true);
    out.add(new Doc("sim-pki", SimCsToken.production().bytes(), sim));
    out.add(new Doc("sim-oidc", SimCsToken.production().oidc(SimCs.JWKS_KID).bytes(), sim));
    Path corpus = CorpusQuotes.corpusDir().resolve("confidential-space");
    if (Files.isDirectory(corpus)) {
      try (var cases = Files.list(corpus)) {
        for (Path c : cases.sorted().toList()) {
          JsonObject e;
          try (var r =
              Json.createReader(new StringReader(Files.readString(c.resolve("expected.json"))))) {
            e = r.readObject();
          }
          AppraisalContext ctx =
              AppraisalContext.offline(
                      Clock.fixed(Instant.parse(e.getString("verify_at")), ZoneOffset.UTC))
                  .withRelyingParty(
                      RelyingParty.NONE.withAudience(e.getString("expected_audience")))
                  .withExpectedNonce(
                      e.getString("expected_eat_nonce").getBytes(StandardCharsets.UTF_8));
          out.add(
              new Doc(c.getFileName().toString(), Files.readAllBytes(c.resolve("token.jwt")), ctx));
        }
      } catch (java.io.IOException ex) {
        throw new java.io.UncheckedIOException(ex);
      }
    }
    return out;
  }

  @Provide
  Arbitrary<Doc> doc() {
    return Arbitraries.of(docs());
  }

  @Example
  void everyIntactTokenPassesInItsContext() {
    for (Doc d : docs()) {
      Appraisal a = PROVIDER.appraise(new EvidenceSource(d.name(), d.bytes()), d.ctx());
      assertThat(a.checks()).as(d.name()).allMatch(CheckResult::passed);
    }
  }

  private static void assertTyped(Doc d, byte[] damaged) {
    // The sniff never throws either, whatever it decides.
    PROVIDER.recognizes(new EvidenceSource("damaged", damaged), Limits.DEFAULT);
    Appraisal a = PROVIDER.appraise(new EvidenceSource(d.name() + " (damaged)", damaged), d.ctx());
    assertThat(a.checks()).isNotEmpty();
    assertThat(a.checks().stream().allMatch(CheckResult::passed))
        .as(d.name() + ": " + a.checks())
        .isFalse();
  }

  @Property(tries = 150)
  void truncationsAreTypedFailures(
      @ForAll("doc") Doc d, @ForAll @IntRange(min = 0, max = 1_000_000) int cut) {
    assertTyped(d, Arrays.copyOf(d.bytes(), cut % d.bytes().length));
  }

  @Property(tries = 200)
  void changedBytesAreTypedFailures(
      @ForAll("doc") Doc d,
      @ForAll @IntRange(min = 0, max = 1_000_000) int at,
      @ForAll("tokenBytes") byte value) {
    byte[] m = d.bytes().clone();
    int i = at % m.length;
    if (m[i] == value) {
      return;
    }
    m[i] = value;
    assertTyped(d, m);
  }

  @Provide
  Arbitrary<Byte> tokenBytes() {
    return Arbitraries.oneOf(
        Arbitraries.of((byte) '.', (byte) '=', (byte) '+', (byte) '/', (byte) ' ', (byte) 0),
        Arbitraries.chars()
            .with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray())
            .map(c -> (byte) c.charValue()),
        Arbitraries.bytes());
  }

  @Property(tries = 60)
  void splicedSegmentsAreTypedFailures(
      @ForAll("doc") Doc a, @ForAll("doc") Doc b, @ForAll @IntRange(min = 0, max = 2) int which) {
    String[] x = new String(a.bytes(), StandardCharsets.US_ASCII).strip().split("\\.", -1);
    String[] y = new String(b.bytes(), StandardCharsets.US_ASCII).strip().split("\\.", -1);
    if (x[which].equals(y[which])) {
      return;
    }
    x[which] = y[which];
    assertTyped(a, String.join(".", x).getBytes(StandardCharsets.US_ASCII));
  }

  @Property(tries = 60)
  void insertedBytesAreTypedFailures(
      @ForAll("doc") Doc d,
      @ForAll @IntRange(min = 0, max = 1_000_000) int at,
      @ForAll("tokenBytes") byte value) {
    byte[] src = d.bytes();
    int i = at % src.length;
    byte[] m = new byte[src.length + 1];
    System.arraycopy(src, 0, m, 0, i);
    m[i] = value;
    System.arraycopy(src, i, m, i + 1, src.length - i);
    if (value == ' ' && (i == 0)) {
      return; // leading white space is ignored by design
    }
    assertTyped(d, m);
  }
}
