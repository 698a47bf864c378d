package dev.teepol.providers.sevsnp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Certificate evidence sniffing on PEM-looking input that is not a certificate. */
class CertificateEvidenceTest {
  /**
   * Fuzz finding (SnpAppraiseFuzzTest, crash-pem-end-inside-begin): END found inside BEGIN's own
   * dashes made the PEM body's end precede its start (StringIndexOutOfBoundsException).
   */
  @Test
  void anEndMarkerSharingBeginsDashesIsNotACertificate() {
    byte[] b =
        "-----BEGIN CERTIFICATE-----END CERTIFICATE-----".getBytes(StandardCharsets.US_ASCII);
    SnpProvider p = new SnpProvider();
    assertThat(CertificateEvidence.sniff(b, Limits.DEFAULT)).isFalse();
    assertThat(p.recognizes(new EvidenceSource("x", b), Limits.DEFAULT)).isFalse();
    AppraisalContext ctx =
        AppraisalContext.offline(
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    assertThat(p.appraise(new EvidenceSource("x", b), ctx).checks()).isNotEmpty();
  }
}
