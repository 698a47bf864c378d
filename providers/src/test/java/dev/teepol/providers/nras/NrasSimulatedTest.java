package dev.teepol.providers.nras;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Gpu;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The NRAS provider on responses signed by a test P-384 key: each defect fails exactly its checks.
 */
class NrasSimulatedTest {
  private static final Instant AT = SimNras.IAT.plusSeconds(60);

  private static Appraisal appraise(
      byte[] response, JWKSet keys, Instant at, Optional<byte[]> nonce) {
    NrasProvider p = new NrasProvider();
    EvidenceSource src = new EvidenceSource("sim-nras", response);
    assertThat(p.recognizes(src, Limits.DEFAULT)).isTrue();
    AppraisalContext ctx =
        AppraisalContext.offline(Clock.fixed(at, ZoneOffset.UTC))
            .withTrustAnchors(SimNras.anchors())
            .withCollateral(SimNras.serving(keys));
    return p.appraise(src, nonce.map(ctx::withExpectedNonce).orElse(ctx));
  }

  private static Appraisal appraise(byte[] response) {
    return appraise(response, SimNras.jwks(), AT, Optional.of(Hex.decode(SimNras.NONCE)));
  }

  private static Set<String> failed(Appraisal a) {
    return a.checks().stream()
        .filter(c -> c.outcome() instanceof Outcome.Fail)
        .map(CheckResult::id)
        .collect(Collectors.toSet());
  }

  @Test
  void validResponsePassesEveryCheckAndFillsTheGpus() {
    Appraisal a = appraise(SimNras.valid(2));
    assertThat(a.checks())
        .allSatisfy(c -> assertThat(c.passed()).as(c.id() + ": " + c.explanation()).isTrue());
    assertThat(a.checks())
        .extracting(CheckResult::id)
        .contains(
            NrasChecks.OVERALL_SIGNATURE,
            NrasChecks.SUBMODS,
            "nras.gpu0.signature",
            "nras.gpu1.measres",
            "nras.gpu1.attestation_report",
            "nras.gpu1.rim");
    assertThat(a.evidence().gpus())
        .hasSize(2)
        .allSatisfy(
            g -> {
              assertThat(g.tokenVerified()).isTrue();
              assertThat(g.measres()).isTrue();
              assertThat(g.secboot()).isTrue();
              assertThat(g.dbgstat()).isTrue();
              assertThat(g.nonceMatches()).isTrue();
              assertThat(g.driverVersion()).isEqualTo("570.172.08");
            });
    assertThat(a.evidence().gpus()).extracting(Gpu::index).containsExactly(0, 1);
    assertThat(a.evidence().bound()).containsEntry("gpus[0]", Binding.SIGNATURE);
    assertThat(a.evidence().nonce().matches()).isTrue();
    assertThat(a.genuine()).isTrue();
  }

  @Test
  void aKidMissingFromTheJwksIsUnevaluableNeverPass() {
    JWKSet other = new JWKSet(SimNras.generate("some-other-kid", Curve.P_384).toPublicJWK());
    Appraisal a = appraise(SimNras.valid(1), other, AT, Optional.of(Hex.decode(SimNras.NONCE)));
    assertThat(a.check(NrasChecks.OVERALL_SIGNATURE).orElseThrow().outcome())
        .isInstanceOf(Outcome.Unevaluable.class);
    assertThat(a.check("nras.gpu0.signature").orElseThrow().explanation()).contains(SimNras.KID);
    assertThat(a.checks())
        .filteredOn(c -> !c.id().equals(NrasChecks.PARSE))
        .noneMatch(CheckResult::passed);
    assertThat(a.evidence().gpus())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.tokenVerified()).isFalse();
              assertThat(g.measres()).isFalse();
              assertThat(g.hwmodel()).isEmpty();
            });
    assertThat(a.evidence().bound()).containsEntry("gpus[0]", Binding.SELF_REPORTED);
    assertThat(a.genuine()).isFalse();
  }

  @Test
  void aDeviceTokenSignedByAnotherKeyFailsItsSignatureOnly() {
    ECKey impostor = SimNras.generate(SimNras.KID, Curve.P_384);
    byte[] r =
        SimNras.response(
            1,
            c -> c,
            t -> SimNras.sign(SimNras.deviceClaims(), impostor, JWSAlgorithm.ES384),
            o -> o);
    assertThat(failed(appraise(r))).isEqualTo(Set.of("nras.gpu0.signature"));
  }

  @Test
  void anEs256TokenIsRefused() {
    ECKey p256 = SimNras.generate(SimNras.KID, Curve.P_256);
    byte[] r =
        SimNras.response(
            1, c -> c, t -> SimNras.sign(SimNras.deviceClaims(), p256, JWSAlgorithm.ES256), o -> o);
    Appraisal a = appraise(r);
    assertThat(failed(a)).isEqualTo(Set.of("nras.gpu0.signature"));
    assertThat(a.check("nras.gpu0.signature").orElseThrow().explanation()).contains("not ES384");
  }

  @Test
  void expiredTokensFailTheirTimeChecks() {
    Appraisal a =
        appraise(
            SimNras.valid(1), SimNras.jwks(), SimNras.EXP, Optional.of(Hex.decode(SimNras.NONCE)));
    assertThat(failed(a)).isEqualTo(Set.of(NrasChecks.OVERALL_TIME, "nras.gpu0.time"));
    Appraisal early =
        appraise(
            SimNras.valid(1),
            SimNras.jwks(),
            SimNras.IAT.minusSeconds(1),
            Optional.of(Hex.decode(SimNras.NONCE)));
    assertThat(failed(early)).isEqualTo(Set.of(NrasChecks.OVERALL_TIME, "nras.gpu0.time"));
  }

  @Test
  void anotherNonceFailsTheNonceChecks() {
    Appraisal a = appraise(SimNras.valid(1), SimNras.jwks(), AT, Optional.of(new byte[32]));
    assertThat(failed(a)).isEqualTo(Set.of(NrasChecks.OVERALL_NONCE, "nras.gpu0.nonce"));
    assertThat(a.evidence().gpus().get(0).nonceMatches()).isFalse();
    Appraisal none = appraise(SimNras.valid(1), SimNras.jwks(), AT, Optional.empty());
    // No nonce supplied: no nonce check (the one freshness rule), and no GPU is shown to carry one.
    assertThat(none.check(NrasChecks.OVERALL_NONCE)).isEmpty();
    assertThat(none.evidence().gpus().get(0).nonceMatches()).isFalse();
  }

  @Test
  void aWrongSubmodsDigestFailsSubmodsOnly() {
    byte[] r =
        SimNras.response(
            2,
            c -> c,
            t -> t,
            o -> {
              Map<String, Object> m = new HashMap<>(o);
              @SuppressWarnings("unchecked")
              Map<String, Object> sub = new HashMap<>((Map<String, Object>) o.get("submods"));
              sub.put("GPU-1", List.of("DIGEST", List.of("SHA-256", "00".repeat(32))));
              m.put("submods", sub);
              return m;
            });
    assertThat(failed(appraise(r))).isEqualTo(Set.of(NrasChecks.SUBMODS));
  }

  @Test
  void nullSecbootAndDbgstatAreNotProof() {
    byte[] r =
        SimNras.response(
            1,
            c -> {
              c.put("secboot", null);
              c.put("dbgstat", null);
              return c;
            },
            t -> t,
            o -> o);
    Appraisal a = appraise(r);
    assertThat(failed(a)).isEqualTo(Set.of("nras.gpu0.secboot", "nras.gpu0.dbgstat"));
    assertThat(a.evidence().gpus().get(0).secboot()).isFalse();
    assertThat(a.evidence().gpus().get(0).dbgstat()).isFalse();
  }

  @Test
  void failedMeasurementsAndOverallResultFailTheirChecks() {
    byte[] r =
        SimNras.response(
            1,
            c -> {
              c.put("measres", "fail");
              c.put("x-nvidia-gpu-vbios-rim-signature-verified", false);
              c.put("x-nvidia-gpu-attestation-report-nonce-match", false);
              return c;
            },
            t -> t,
            o -> {
              o.put("x-nvidia-overall-att-result", false);
              return o;
            });
    assertThat(failed(appraise(r)))
        .isEqualTo(
            Set.of(
                NrasChecks.OVERALL_RESULT,
                "nras.gpu0.measres",
                "nras.gpu0.rim",
                "nras.gpu0.attestation_report"));
  }

  @Test
  void hostileResponsesAreParseFailuresNamingTheField() {
    AppraisalContext ctx =
        AppraisalContext.offline(Clock.fixed(AT, ZoneOffset.UTC))
            .withCollateral(SimNras.serving(SimNras.jwks()));
    NrasProvider p = new NrasProvider();
    String huge = "[[\"JWT\",\"" + "a".repeat(70_000) + "\"],{}]";
    for (String[] c :
        new String[][] {
          {"[1,2,3]", "$"},
          {"[[\"JWS\",\"x\"],{}]", "$[0]"},
          {huge, "JWT limit"},
          {"[[\"JWT\",\"x\"],{\"GPU-0\":5}]", "$[1].GPU-0"}
        }) {
      Appraisal a =
          p.appraise(new EvidenceSource("hostile", c[0].getBytes(StandardCharsets.UTF_8)), ctx);
      assertThat(a.check(NrasChecks.PARSE).orElseThrow().outcome())
          .isInstanceOf(Outcome.Fail.class);
      assertThat(a.check(NrasChecks.PARSE).orElseThrow().explanation()).contains(c[1]);
    }
    Appraisal garbage =
        p.appraise(
            new EvidenceSource(
                "g", "[[\"JWT\",\"not.a.jwt\"],{}]".getBytes(StandardCharsets.UTF_8)),
            ctx);
    assertThat(garbage.check(NrasChecks.OVERALL_SIGNATURE).orElseThrow().outcome())
        .isInstanceOf(Outcome.Fail.class);
  }

  /**
   * Audit item 5: a device name used to be run through a quadratic regex; now its length is bounded
   * first.
   */
  @Test
  void aHugeDeviceNameIsRefusedBeforeAnythingRunsOnIt() {
    String token = SimNras.sign(SimNras.deviceClaims(), SimNras.KEY, JWSAlgorithm.ES384);
    String name = "GPU-" + "0".repeat(160_000) + "x";
    byte[] r =
        ("[[\"JWT\",\"" + token + "\"],{\"" + name + "\":\"" + token + "\"}]")
            .getBytes(StandardCharsets.UTF_8);
    NrasProvider p = new NrasProvider();
    EvidenceSource src = new EvidenceSource("long-name", r);
    AppraisalContext ctx =
        AppraisalContext.offline(Clock.fixed(AT, ZoneOffset.UTC))
            .withTrustAnchors(SimNras.anchors())
            .withCollateral(SimNras.serving(SimNras.jwks()));
    Appraisal a =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> {
              // The sniff reads the shape ([["JWT", ...), not the names: it recognizes the
              // response, and
              // the appraisal's parse refuses the name by its length before anything runs on it.
              assertThat(p.recognizes(src, Limits.DEFAULT)).isTrue();
              return p.appraise(src, ctx);
            });
    CheckResult parse = a.check(NrasChecks.PARSE).orElseThrow();
    assertThat(parse.outcome()).isInstanceOf(Outcome.Fail.class);
    assertThat(parse.explanation()).contains("$[1]", "name", "limit");
    assertThat(a.genuine()).isFalse();
  }

  @Test
  void trailingDigitsOfADeviceNameGiveItsIndexAndAnythingElseItsPosition() {
    byte[] r = SimNras.response(3, c -> c, t -> t, o -> o);
    String json =
        new String(r, StandardCharsets.UTF_8)
            .replace("\"GPU-0\"", "\"GPU-12\"")
            .replace("\"GPU-1\"", "\"NVSWITCH\"")
            .replace("\"GPU-2\"", "\"GPU-123456\"");
    // Renaming breaks submods; the index is what this test is about.
    Appraisal a = appraise(json.getBytes(StandardCharsets.UTF_8));
    assertThat(a.evidence().gpus()).extracting(Gpu::index).containsExactly(12, 1, 2);
  }

  /**
   * Audit item 12: NRAS issues one-hour tokens; a token that lives longer than the bound is
   * refused.
   */
  @Test
  void aTokenLivingLongerThanTheMaximumFailsItsTimeCheck() {
    long tenYears = SimNras.IAT.plus(Duration.ofDays(3650)).getEpochSecond();
    byte[] r =
        SimNras.response(
            1,
            c -> {
              c.put("exp", tenYears);
              return c;
            },
            t -> t,
            o -> {
              o.put("exp", tenYears);
              return o;
            });
    Appraisal a = appraise(r);
    assertThat(failed(a)).isEqualTo(Set.of(NrasChecks.OVERALL_TIME, "nras.gpu0.time"));
    assertThat(a.check("nras.gpu0.time").orElseThrow().explanation()).contains("lifetime", "limit");
    assertThat(a.evidence().gpus().get(0).tokenVerified()).isFalse();
    assertThat(a.genuine()).isFalse();
  }

  @Test
  void aTokenWithoutIatCannotHaveItsLifetimeBoundedAndIsRefused() {
    byte[] r =
        SimNras.response(
            1,
            c -> {
              c.put("iat", null);
              return c;
            },
            t -> t,
            o -> o);
    Appraisal a = appraise(r);
    assertThat(a.check("nras.gpu0.signature").orElseThrow().passed()).isFalse();
    assertThat(a.genuine()).isFalse();
  }

  /**
   * Audit item 12: ES384 in JOSE does not fix low-s, and NRAS does not normalise (14 of the 31
   * signatures in the corpus are high-s), so high-s is accepted. What a flipped signature could
   * change is the token's bytes; for a device token those are pinned by the submods digest.
   */
  @Test
  void aMalleatedDeviceSignatureStillVerifiesButNoLongerMatchesSubmods() throws Exception {
    byte[] valid = SimNras.valid(1);
    String token = NrasResponseParser.parse(valid, Limits.DEFAULT).detached().get("GPU-0");
    Appraisal a =
        appraise(
            new String(valid, StandardCharsets.UTF_8)
                .replace(token, flipS(token))
                .getBytes(StandardCharsets.UTF_8));
    assertThat(a.check("nras.gpu0.signature").orElseThrow().passed()).isTrue();
    assertThat(failed(a)).isEqualTo(Set.of(NrasChecks.SUBMODS));
  }

  /** The same ES384 signature with s replaced by n - s: valid for the same key and message. */
  static String flipS(String compact) {
    String[] parts = compact.split("\\.");
    byte[] sig = java.util.Base64.getUrlDecoder().decode(parts[2]);
    java.math.BigInteger n = org.bouncycastle.asn1.sec.SECNamedCurves.getByName("secp384r1").getN();
    java.math.BigInteger s = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(sig, 48, 96));
    byte[] flipped = n.subtract(s).toByteArray();
    byte[] out = java.util.Arrays.copyOf(sig, 96);
    java.util.Arrays.fill(out, 48, 96, (byte) 0);
    int len = Math.min(flipped.length, 48);
    System.arraycopy(flipped, flipped.length - len, out, 96 - len, len);
    return parts[0]
        + "."
        + parts[1]
        + "."
        + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }
}
