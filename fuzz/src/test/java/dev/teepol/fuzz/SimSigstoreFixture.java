package dev.teepol.fuzz;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.providers.sigstore.abi.Predicate;
import dev.teepol.providers.sigstore.sim.Defect;
import dev.teepol.providers.sigstore.sim.SimSigstore;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The test Sigstore instance (keys derived from a fixed seed, so a committed bundle verifies in
 * every JVM), one signed Tinfoil-style release and its trusted root, judged an hour after signing.
 */
public final class SimSigstoreFixture {
  private SimSigstoreFixture() {}

  public static final SimSigstore SIM = new SimSigstore("teepol-fuzz-sigstore");
  public static final Instant SIGNED = Instant.parse("2026-03-01T12:00:00Z");

  public static final SimSigstore.Spec SPEC =
      new SimSigstore.Spec(
          "teepol-test/enclave",
          "v1.2.3",
          "0123456789abcdef0123456789abcdef01234567",
          SIGNED,
          Predicate.TINFOIL_DEPLOYMENT,
          Json.createObjectBuilder()
              .add("snp_measurement", "11".repeat(48))
              .add(
                  "tdx_measurement",
                  Json.createObjectBuilder()
                      .add("rtmr1", "22".repeat(48))
                      .add("rtmr2", "33".repeat(48)))
              .build(),
          "the deployment manifest".getBytes(StandardCharsets.UTF_8),
          Defect.NONE);

  public static final AppraisalContext CONTEXT =
      new AppraisalContext(
          Clock.fixed(SIGNED.plusSeconds(3600), ZoneOffset.UTC),
          TrustAnchors.defaults()
              .withDocument(TrustAnchors.SIGSTORE_TRUSTED_ROOT, SIM.trustedRoot()),
          CollateralSource.none(),
          Optional.empty(),
          Limits.DEFAULT);
}
