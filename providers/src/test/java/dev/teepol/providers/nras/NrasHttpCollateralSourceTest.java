package dev.teepol.providers.nras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Live NRAS as a collateral source, against a loopback stand-in: the JWKS and the verdict on a
 * payload are what an appraisal context serves, so turning on live NRAS is configuration, never a
 * differently built provider. Everything served is verified as if it were recorded.
 */
class NrasHttpCollateralSourceTest {
  private static final Instant AT = SimNras.IAT.plusSeconds(60);
  private static final byte[] JWKS = SimNras.jwks().toString(true).getBytes(StandardCharsets.UTF_8);

  @Test
  void theJwksIsKeptForItsTtlByTheInjectedClock() throws Exception {
    MutableClock clock = new MutableClock(AT);
    try (LoopbackNras nras = new LoopbackNras(JWKS, p -> new byte[0])) {
      CollateralSource src = nras.source(clock).jwksTtl(Duration.ofMinutes(10)).build();
      assertThat(
              NrasCollateral.parseJwks(
                      src.fetch(NrasCollateral.jwksRequest()).orElseThrow().body(), Limits.DEFAULT)
                  .getKeyByKeyId(SimNras.KID))
          .isNotNull();
      clock.now = AT.plusSeconds(300);
      src.fetch(NrasCollateral.jwksRequest());
      assertThat(nras.jwksRequests).containsExactly("GET");
      clock.now = AT.plusSeconds(660);
      src.fetch(NrasCollateral.jwksRequest());
      assertThat(nras.jwksRequests).hasSize(2);
      clock.now = AT.minusSeconds(1);
      src.fetch(NrasCollateral.jwksRequest());
      assertThat(nras.jwksRequests).as("a clock that went backwards expires the copy").hasSize(3);
    }
  }

  @Test
  void theVerdictIsAPostOfTheExactPayloadAndIsVerifiedLikeARecordedOne() throws Exception {
    String payload =
        "{\"nonce\":\"" + SimNras.NONCE + "\",\"arch\":\"HOPPER\",\"evidence_list\":[]}";
    byte[] response = SimNras.valid(2);
    try (LoopbackNras nras =
        new LoopbackNras(JWKS, p -> p.equals(payload) ? response : new byte[0])) {
      CollateralSource src = nras.source(Clock.fixed(AT, ZoneOffset.UTC)).build();
      byte[] served = NrasCollateral.attestation(payload, ctx(src)).orElseThrow().body();
      assertThat(nras.attestBodies).containsExactly("POST application/json " + payload);
      assertThat(served).isEqualTo(response);
      // The served verdict, appraised with the JWKS from the same live source, is genuine.
      Appraisal a = new NrasProvider().appraise(new EvidenceSource("live", served), ctx(src));
      assertThat(a.genuine()).as(a.checks().toString()).isTrue();
    }
  }

  @Test
  void aBodyOverTheCollateralLimitIsRefusedAndOtherRequestsAreNotServed() throws Exception {
    Limits small = new Limits(1 << 20, 64 << 10, 8, 1024, 64, 4096);
    try (LoopbackNras nras = new LoopbackNras(new byte[4096], p -> new byte[0])) {
      CollateralSource src = nras.source(Clock.fixed(AT, ZoneOffset.UTC)).limits(small).build();
      assertThatThrownBy(() -> src.fetch(NrasCollateral.jwksRequest()))
          .isInstanceOf(CollateralException.class)
          .hasMessageContaining("over the collateral limit of 1024");
      assertThat(
              src.fetch(new dev.teepol.core.spi.CollateralRequest("tcb_info", java.util.Map.of())))
          .isEmpty();
    }
  }

  @Test
  void onlyHttpsOrLoopbackHttpIsAccepted() {
    Clock clock = Clock.fixed(AT, ZoneOffset.UTC);
    assertThatThrownBy(
            () ->
                NrasHttpCollateralSource.builder(clock)
                    .jwksUri(URI.create("http://nras.example/jwks.json")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                NrasHttpCollateralSource.builder(clock)
                    .attestUri(URI.create("http://127.0.0.1.example/a")))
        .isInstanceOf(IllegalArgumentException.class);
    NrasHttpCollateralSource.builder(clock)
        .attestUri(URI.create("http://127.0.0.1:8080/a"))
        .jwksUri(URI.create("https://x/j"));
  }

  private static AppraisalContext ctx(CollateralSource src) {
    return AppraisalContext.offline(Clock.fixed(AT, ZoneOffset.UTC))
        .withTrustAnchors(SimNras.anchors())
        .withCollateral(src)
        .withExpectedNonce(Hex.decode(SimNras.NONCE));
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
