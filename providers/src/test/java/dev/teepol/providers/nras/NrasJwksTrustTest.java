package dev.teepol.providers.nras;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Audit item 2: a JWKS is not trusted because it came with the tokens. Every attack here is built
 * with the test NRAS PKI ({@link SimNrasPki}) whose intermediate the tests pin, and keys an
 * attacker could make; each must leave every token unverified and the appraisal not genuine.
 */
class NrasJwksTrustTest {
  private static final Instant AT = SimNras.IAT.plusSeconds(60);
  private static final List<String> SIGNATURES =
      List.of(NrasChecks.OVERALL_SIGNATURE, "nras.gpu0.signature", "nras.gpu1.signature");

  private static Appraisal appraise(byte[] response, CollateralSource jwks, TrustAnchors anchors) {
    NrasProvider p = new NrasProvider();
    AppraisalContext ctx =
        AppraisalContext.offline(Clock.fixed(AT, ZoneOffset.UTC))
            .withTrustAnchors(anchors)
            .withCollateral(jwks)
            .withExpectedNonce(Hex.decode(SimNras.NONCE));
    return p.appraise(new EvidenceSource("sim-nras", response), ctx);
  }

  private static Appraisal appraise(byte[] response, JWK... keys) {
    return appraise(response, SimNras.serving(new JWKSet(List.of(keys))), SimNras.anchors());
  }

  private static ECKey attackerKey(String kid) {
    return SimNras.generate(kid, Curve.P_384);
  }

  /** No token verified, so no claim is used, and the appraisal cannot be genuine. */
  private static void assertRefused(Appraisal a, String reason) {
    for (String id : SIGNATURES) {
      CheckResult c = a.check(id).orElseThrow();
      assertThat(c.passed()).as(id + " " + c.explanation()).isFalse();
      assertThat(c.explanation()).as(id).containsIgnoringCase(reason);
    }
    assertThat(a.evidence().gpus()).hasSize(2).noneMatch(g -> g.tokenVerified() || g.measres());
    assertThat(a.genuine()).isFalse();
  }

  @Test
  void theTestKeyChainedToThePinnedIntermediateVerifies() {
    Appraisal a =
        appraise(
            SimNras.signedBy(SimNras.KEY, SimNras.IAT, SimNras.NONCE, 2),
            SimNras.KEY.toPublicJWK());
    assertThat(a.checks())
        .allSatisfy(c -> assertThat(c.passed()).as(c.id() + ": " + c.explanation()).isTrue());
    assertThat(a.genuine()).isTrue();
  }

  @Test
  void aJwksHoldingOnlyAnAttackersKeyIsRefused() {
    ECKey evil = attackerKey("attacker-kid");
    assertRefused(
        appraise(SimNras.signedBy(evil, SimNras.IAT, SimNras.NONCE, 2), evil.toPublicJWK()), "x5c");
  }

  @Test
  void theRealSetPlusOneAttackerKeyIsRefusedForTheAttackersTokens() {
    ECKey evil = attackerKey("attacker-kid");
    assertRefused(
        appraise(
            SimNras.signedBy(evil, SimNras.IAT, SimNras.NONCE, 2),
            SimNras.KEY.toPublicJWK(),
            evil.toPublicJWK()),
        "x5c");
  }

  @Test
  void anAttackerKeyListedFirstUnderTheRealKidIsRefused() {
    ECKey evil = attackerKey(SimNras.KID);
    assertRefused(
        appraise(
            SimNras.signedBy(evil, SimNras.IAT, SimNras.NONCE, 2),
            evil.toPublicJWK(),
            SimNras.KEY.toPublicJWK()),
        SimNras.KID);
  }

  @Test
  void anAttackersOwnPkiWithNvidiasNamesIsRefused() {
    // Same subject names, same shape, the attacker's keys: only the pinned intermediate's key tells
    // them apart.
    ECKey evil = SimNrasPki.create("attacker").certify(attackerKey(SimNras.KID));
    assertRefused(
        appraise(SimNras.signedBy(evil, SimNras.IAT, SimNras.NONCE, 2), evil.toPublicJWK()),
        "pinned");
  }

  @Test
  void aGenuineChainHungUnderAnAttackersIntermediateCopyIsRefused() {
    // x5c = [a leaf the attacker issued, the real pinned intermediate]: the top matches the pin,
    // the link does not verify.
    SimNrasPki evilPki = SimNrasPki.create("attacker");
    ECKey raw = attackerKey(SimNras.KID);
    ECKey evil;
    try {
      evil =
          SimNrasPki.withChain(
              raw,
              List.of(
                  evilPki.leaf(raw.toECPublicKey(), SimNrasPki.NOT_BEFORE, SimNrasPki.NOT_AFTER),
                  SimNras.intermediate()));
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
    assertRefused(
        appraise(SimNras.signedBy(evil, SimNras.IAT, SimNras.NONCE, 2), evil.toPublicJWK()), "x5c");
  }

  @Test
  void aSigningCertificateExpiredAtTheClockIsRefused() {
    ECKey shortLived =
        SimNras.PKI.certify(
            attackerKey(SimNras.KID),
            SimNras.IAT.minus(Duration.ofDays(2)),
            SimNras.IAT.plusSeconds(30));
    assertRefused(
        appraise(
            SimNras.signedBy(shortLived, SimNras.IAT, SimNras.NONCE, 2), shortLived.toPublicJWK()),
        "expired");
  }

  @Test
  void aSigningCertificateNotYetValidWhenTheTokenWasIssuedIsRefused() {
    ECKey late =
        SimNras.PKI.certify(
            attackerKey(SimNras.KID),
            SimNras.IAT.plusSeconds(10),
            SimNras.IAT.plus(Duration.ofDays(2)));
    assertRefused(
        appraise(SimNras.signedBy(late, SimNras.IAT, SimNras.NONCE, 2), late.toPublicJWK()),
        "not valid before");
  }

  @Test
  void withNoNrasIntermediatePinnedNoTokenVerifies() {
    Appraisal a =
        appraise(
            SimNras.valid(2),
            SimNras.serving(SimNras.jwks()),
            SimNras.anchors().with(SimNras.PURPOSE, List.of()));
    assertRefused(a, "no NVIDIA NRAS intermediate");
    assertThat(a.check(NrasChecks.OVERALL_SIGNATURE).orElseThrow().outcome())
        .isInstanceOf(Outcome.Unevaluable.class);
  }

  @Test
  void aLiveJwksFetchIsHeldToTheSamePin() throws Exception {
    ECKey evil = attackerKey("attacker-kid");
    byte[] body = new JWKSet(evil.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
    try (LoopbackNras nras = new LoopbackNras(body, payload -> new byte[0])) {
      CollateralSource live = nras.source(Clock.fixed(AT, ZoneOffset.UTC)).build();
      assertRefused(
          appraise(SimNras.signedBy(evil, SimNras.IAT, SimNras.NONCE, 2), live, SimNras.anchors()),
          "x5c");
    }
    byte[] genuine = SimNras.jwks().toString(true).getBytes(StandardCharsets.UTF_8);
    try (LoopbackNras nras = new LoopbackNras(genuine, payload -> new byte[0])) {
      CollateralSource real = nras.source(Clock.fixed(AT, ZoneOffset.UTC)).build();
      assertThat(appraise(SimNras.valid(2), real, SimNras.anchors()).genuine()).isTrue();
    }
  }
}
