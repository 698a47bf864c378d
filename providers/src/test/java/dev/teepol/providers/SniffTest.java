package dev.teepol.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.verdict.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code recognizes} is a sniff of a bounded prefix, never a parse (DESIGN §6): a document of the
 * evidence size limit is recognized from its first members while its tail is malformed, and only
 * the appraisal, which parses everything, finds the defect.
 */
class SniffTest {
  private static final int MIB_32 = 32 << 20;
  private final Providers providers = Providers.load();

  /** {@code head}, then spaces up to 32 MiB, then a tail that is not JSON. */
  private static byte[] huge(String head) {
    byte[] b = new byte[MIB_32];
    Arrays.fill(b, (byte) ' ');
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(h, 0, b, 0, h.length);
    byte[] tail = "]]]} not json".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(tail, 0, b, b.length - tail.length, tail.length);
    return b;
  }

  private void assertRecognizedButUnparsable(String head, String id, String parseCheck) {
    EvidenceSource src = new EvidenceSource("32MiB", huge(head));
    long start = System.nanoTime();
    assertThat(providers.detect(src, Limits.DEFAULT))
        .hasValueSatisfying(p -> assertThat(p.id()).isEqualTo(id));
    // A 64 KiB scan per provider; a parse of 32 MiB would take far longer than this allows on any
    // machine.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    Appraisal a =
        providers
            .byId(id)
            .orElseThrow()
            .appraise(
                src,
                AppraisalContext.offline(
                    Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)));
    assertThat(a.check(parseCheck).orElseThrow().outcome()).isInstanceOf(Outcome.Fail.class);
  }

  @Test
  void a32MiBDstackDocumentIsRecognizedFromItsHeadWhileItsTailIsMalformed() {
    assertRecognizedButUnparsable(
        "{\"quote\":\"0400\",\"event_log\":\"[]\",\"pad\":\"", "dstack", "dstack.input.parse");
  }

  @Test
  void a32MiBNearReportIsRecognizedFromItsHeadWhileItsTailIsMalformed() {
    assertRecognizedButUnparsable(
        "{\"gateway_attestation\":{},\"model_attestations\":[", "near", "near.report.parse");
  }

  @Test
  void a32MiBNrasResponseIsRecognizedFromItsHeadWhileItsTailIsMalformed() {
    assertRecognizedButUnparsable("[[\"JWT\",\"", "nras", "nras.response.parse");
  }

  @Test
  void aNearReportIsNotTakenForADstackDocumentNorTheReverse() {
    String nearModel = "{\"signing_address\":\"ab\",\"intel_quote\":\"0400\",\"event_log\":[]}";
    String dstack = "{\"quote\":\"0400\",\"event_log\":[]}";
    assertThat(
            providers.detect(
                new EvidenceSource("m", nearModel.getBytes(StandardCharsets.US_ASCII)),
                Limits.DEFAULT))
        .hasValueSatisfying(p -> assertThat(p.id()).isEqualTo("near"));
    assertThat(
            providers.detect(
                new EvidenceSource("d", dstack.getBytes(StandardCharsets.US_ASCII)),
                Limits.DEFAULT))
        .hasValueSatisfying(p -> assertThat(p.id()).isEqualTo("dstack"));
    assertThat(
            providers.detect(
                new EvidenceSource("x", "{\"quote\":\"0400\"}".getBytes(StandardCharsets.US_ASCII)),
                Limits.DEFAULT))
        .as("a quote without an event log is nobody's")
        .isEmpty();
  }
}
