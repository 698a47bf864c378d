package dev.teepol.providers.sevsnp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.providers.sevsnp.collateral.AmdCertificateDirectory;
import dev.teepol.providers.sevsnp.collateral.SnpCollateral;
import dev.teepol.providers.sevsnp.sim.AmdTestPki;
import dev.teepol.providers.sevsnp.sim.SimSnp;
import dev.teepol.providers.sevsnp.sim.SimSnp.Defect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One SnpProvider verifies many reports: what it caches (validated chains, certificate profiles,
 * decoded certificate documents) must never let a later report pass a check it would fail on a
 * fresh provider (each test kills a PIT mutant that survived the per-report tests).
 */
class SnpCacheTest {
  @TempDir Path tmp;

  private AppraisalContext ctx(SimSnp.Output out, Instant at) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "snp");
    out.writeTo(dir);
    return ctx(new AmdCertificateDirectory(dir, Limits.DEFAULT), at);
  }

  private static AppraisalContext ctx(CollateralSource source, Instant at) {
    return new AppraisalContext(
        Clock.fixed(at, ZoneOffset.UTC),
        AmdTestPki.get().anchors(),
        source,
        Optional.empty(),
        Limits.DEFAULT);
  }

  @Test
  void aValidatedChainIsNotReusedOutsideItsCertificatesValidity() throws Exception {
    SnpProvider provider = new SnpProvider();
    SimSnp.Output out = SimSnp.builder().build();
    assertThat(provider.verify("sim", out.report(), ctx(out, SimSnp.VERIFY_AT)).chained()).isTrue();
    Instant after = AmdTestPki.NOT_AFTER.plusSeconds(86400);
    assertThat(provider.verify("sim", out.report(), ctx(out, after)).chained()).isFalse();
    Instant before = AmdTestPki.NOT_BEFORE.minusSeconds(86400);
    assertThat(provider.verify("sim", out.report(), ctx(out, before)).chained()).isFalse();
  }

  @Test
  void chainedIsFalseWhenTheChainCheckFails() throws Exception {
    SnpProvider provider = new SnpProvider();
    SimSnp.Output forged = SimSnp.builder().defect(Defect.FORGED_ASK).build();
    VerifiedSnpReport v = provider.verify("sim", forged.report(), ctx(forged, SimSnp.VERIFY_AT));
    assertThat(v.chained()).isFalse();
    assertThat(v.signed()).isTrue();
  }

  /** A certificate refused for its profile is refused again, not remembered as profiled. */
  @Test
  void aCertificateWithAProfileProblemFailsEveryTime() throws Exception {
    SnpProvider provider = new SnpProvider();
    SimSnp.Output out = SimSnp.builder().defect(Defect.VCEK_NOT_PSS).build();
    for (int i = 0; i < 2; i++) {
      VerifiedSnpReport v = provider.verify("sim", out.report(), ctx(out, SimSnp.VERIFY_AT));
      assertThat(v.chained()).as("verification %d", i).isFalse();
    }
  }

  /**
   * Decoded certificate documents are cached by a hash of their bytes; a different document with
   * the same {@link Arrays#hashCode} (two base64 characters of the ASK's signature changed so the
   * hash is unchanged) must be decoded afresh and fail the chain, not be served the cached chain.
   */
  @Test
  void aDocumentWithTheSameHashButOtherBytesIsNotServedFromTheCache() throws Exception {
    SimSnp.Output out = SimSnp.builder().build();
    Path dir = Files.createTempDirectory(tmp, "snp");
    out.writeTo(dir);
    AmdCertificateDirectory files = new AmdCertificateDirectory(dir, Limits.DEFAULT);
    CollateralDocument genuine =
        files
            .fetch(
                SnpCollateral.caChain(
                    Optional.of(dev.teepol.providers.sevsnp.abi.Product.MILAN),
                    dev.teepol.providers.sevsnp.abi.SigningKey.VCEK))
            .orElseThrow();
    byte[] tampered = sameHashOtherBytes(genuine.body());
    boolean[] serveTampered = {false};
    CollateralSource source =
        request ->
            request.type().equals(SnpCollateral.CA_CHAIN)
                ? Optional.of(
                    new CollateralDocument(
                        serveTampered[0] ? tampered : genuine.body(), "", "test ca chain"))
                : files.fetch(request);
    SnpProvider provider = new SnpProvider();
    assertThat(provider.verify("sim", out.report(), ctx(source, SimSnp.VERIFY_AT)).chained())
        .isTrue();
    serveTampered[0] = true;
    assertThat(provider.verify("sim", out.report(), ctx(source, SimSnp.VERIFY_AT)).chained())
        .isFalse();
  }

  /** Adds 1 to one base64 character and 31 less to the next: Arrays.hashCode is unchanged. */
  private static byte[] sameHashOtherBytes(byte[] pem) {
    String s = new String(pem, StandardCharsets.US_ASCII);
    int end = s.indexOf("-----END CERTIFICATE-----");
    for (int i = end - 40; i > end - 400; i--) {
      char a = s.charAt(i);
      char b = s.charAt(i + 1);
      boolean aOk = (a >= 'A' && a <= 'Y') || (a >= 'a' && a <= 'y') || (a >= '0' && a <= '8');
      if (aOk && b >= 'a' && b <= 'y') {
        byte[] out = pem.clone();
        out[i] += 1;
        out[i + 1] -= 31;
        assertThat(Arrays.hashCode(out)).isEqualTo(Arrays.hashCode(pem));
        assertThat(out).isNotEqualTo(pem);
        return out;
      }
    }
    throw new AssertionError("no suitable pair of base64 characters");
  }
}
