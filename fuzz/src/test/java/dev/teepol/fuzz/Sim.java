package dev.teepol.fuzz;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.providers.nras.NrasDirectoryCollateralSource;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Verification contexts under the project's test PKIs, so fuzzed evidence reaches signature, chain
 * and binding code instead of stopping at "no key". The NEAR and NRAS targets use the committed
 * {@code examples/near-signature} (simulated report, recorded NRAS verdict, its JWKS and test
 * intermediate, DCAP collateral and test root): fixed keys, so committed seeds stay valid in every
 * JVM. Offline: nothing a fuzz input says can make teepol open a connection.
 */
public final class Sim {
  private Sim() {}

  /** The providers as the CLI loads them (ServiceLoader), wired to each other. */
  public static final Providers PROVIDERS = Providers.load();

  /** {@code examples/} of the checkout (the tests run in the module directory). */
  public static final Path EXAMPLES =
      Path.of(System.getProperty("teepol.examples.dir", "../examples")).toAbsolutePath();

  public static final Path NEAR_SIGNATURE = EXAMPLES.resolve("near-signature");

  public static <P extends EvidenceProvider> P provider(Class<P> type) {
    return PROVIDERS.byType(type).orElseThrow();
  }

  /** The instant {@code examples/near-signature} is judged at. */
  public static final Instant NEAR_AT = Instant.parse(text(NEAR_SIGNATURE.resolve("at.txt")));

  /**
   * DCAP collateral and the test Intel root, the recorded NRAS JWKS and verdicts and the test NRAS
   * intermediate, at {@link #NEAR_AT}, no expected nonce. The directories are read once per request
   * ({@link MemoCollateral}).
   */
  public static AppraisalContext nearSignatureContext() {
    Path d = NEAR_SIGNATURE;
    return new AppraisalContext(
        Clock.fixed(NEAR_AT, ZoneOffset.UTC),
        TrustAnchors.defaults()
            .with(TrustAnchors.INTEL_SGX_ROOT, List.of(certificate(d.resolve("root_ca.der"))))
            .with(
                TrustAnchors.NVIDIA_NRAS_INTERMEDIATE,
                List.of(certificate(d.resolve("nras_intermediate.der")))),
        new MemoCollateral(
            CollateralSource.firstOf(
                new DirectoryCollateralSource(d.resolve("collateral"), Limits.DEFAULT),
                new NrasDirectoryCollateralSource(d.resolve("nras"), Limits.DEFAULT))),
        Optional.empty(),
        Limits.DEFAULT);
  }

  public static byte[] bytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(Path p) {
    return new String(bytes(p), StandardCharsets.UTF_8).strip();
  }

  public static X509Certificate certificate(Path der) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(bytes(der)));
    } catch (CertificateException e) {
      throw new IllegalStateException(der + " is not a certificate", e);
    }
  }
}
