package dev.teepol.providers.nras;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.evidence.Gpu;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.testsupport.Corpus;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The NRAS provider on the recorded NRAS responses, with the JWKS captured beside them. */
class NrasCorpusTest {
  private final NrasProvider provider = new NrasProvider();

  private Appraisal appraise(Path dir, String file, Instant at, byte[] nonce) throws Exception {
    AppraisalContext ctx =
        AppraisalContext.offline(Clock.fixed(at, ZoneOffset.UTC))
            .withCollateral(new NrasDirectoryCollateralSource(dir, Limits.DEFAULT));
    if (nonce != null) {
      ctx = ctx.withExpectedNonce(nonce);
    }
    EvidenceSource src = EvidenceSource.read(dir.resolve(file), Limits.DEFAULT);
    assertThat(provider.recognizes(src, Limits.DEFAULT)).isTrue();
    return provider.appraise(src, ctx);
  }

  @Test
  void tinfoilH100EatIsGenuineAtItsVerifyAt() throws Exception {
    Path dir = Corpus.caseDir("nras", "teep-tinfoil-gemma4-h100-eat");
    JsonObject exp = Corpus.expected(dir);
    Appraisal a =
        appraise(
            dir,
            "nras_attest_gpu_response.json",
            Instant.ofEpochSecond(exp.getJsonNumber("verify_at_unix").longValue()),
            Hex.decode(exp.getString("request_nonce")));
    assertThat(a.checks())
        .allSatisfy(c -> assertThat(c.passed()).as(c.id() + ": " + c.explanation()).isTrue());
    JsonObject claims =
        exp.getJsonObject("builder_computed")
            .getJsonObject("devices")
            .getJsonObject("GPU-0")
            .getJsonObject("claims");
    Gpu g = a.evidence().gpus().get(0);
    assertThat(a.evidence().gpus()).hasSize(exp.getInt("request_gpus"));
    assertThat(g.hwmodel()).isEqualTo(claims.getString("hwmodel"));
    assertThat(g.driverVersion()).isEqualTo(claims.getString("x-nvidia-gpu-driver-version"));
    assertThat(g.vbiosVersion()).isEqualTo(claims.getString("x-nvidia-gpu-vbios-version"));
    assertThat(g.measres()).isEqualTo("success".equals(claims.getString("measres")));
    assertThat(g.secboot()).isEqualTo(claims.getBoolean("secboot"));
    assertThat(g.dbgstat()).isEqualTo("disabled".equals(claims.getString("dbgstat")));
    assertThat(g.tokenVerified()).isTrue();
    assertThat(g.nonceMatches()).isTrue();
    assertThat(a.check(NrasChecks.OVERALL_SIGNATURE).orElseThrow().detail())
        .contains(exp.getJsonObject("builder_computed").getJsonObject("overall").getString("kid"));
    assertThat(a.genuine()).isTrue();
  }

  @Test
  void tinfoilH100EatFailsClosedOnceExpired() throws Exception {
    Path dir = Corpus.caseDir("nras", "teep-tinfoil-gemma4-h100-eat");
    long exp =
        Corpus.expected(dir)
            .getJsonObject("builder_computed")
            .getJsonObject("overall")
            .getJsonObject("claims")
            .getJsonNumber("exp")
            .longValue();
    Appraisal a = appraise(dir, "nras_attest_gpu_response.json", Instant.ofEpochSecond(exp), null);
    assertThat(a.check(NrasChecks.OVERALL_TIME).orElseThrow().outcome())
        .isInstanceOf(Outcome.Fail.class);
    assertThat(a.evidence().gpus().get(0).tokenVerified()).isFalse();
  }

  /** The embedded default anchor is the intermediate NVIDIA certifies every published key with. */
  @Test
  void theEmbeddedNrasIntermediateIsX5c1OfEveryKeyOfTheCapturedJwks() throws Exception {
    java.security.cert.X509Certificate pinned =
        TrustAnchors.defaults().get(TrustAnchors.NVIDIA_NRAS_INTERMEDIATE).get(0);
    assertThat(Certificates.spkiSha256Hex(pinned))
        .isEqualTo("fd32837f954e2c45db073105166dfe6985ae0480bb113fba63b091a75affe896");
    for (Path jwks :
        List.of(
            Corpus.caseDir("nras", "teep-tinfoil-gemma4-h100-eat").resolve("nras_jwks.json"),
            Corpus.caseDir("near", "near-direct-qwen35-20260629").resolve("nras/nras_jwks.json"),
            Corpus.caseDir("near", "near-cloud-qwen35-20260424-gateway-outofdate")
                .resolve("nras/nras_jwks.json"))) {
      com.nimbusds.jose.jwk.JWKSet set =
          NrasCollateral.parseJwks(java.nio.file.Files.readAllBytes(jwks), Limits.DEFAULT);
      assertThat(set.getKeys())
          .isNotEmpty()
          .allSatisfy(
              k ->
                  assertThat(k.getParsedX509CertChain())
                      .hasSize(2)
                      .element(1)
                      .satisfies(
                          c ->
                              assertThat(Certificates.spkiSha256Hex(c))
                                  .isEqualTo(Certificates.spkiSha256Hex(pinned))));
    }
  }

  /**
   * Audit item 2: the real JWKS verifies only because its x5c chains to the pinned NVIDIA
   * intermediate.
   */
  @Test
  void theRealTokensDoNotVerifyUnderAnotherPinnedIntermediate() throws Exception {
    Path dir = Corpus.caseDir("nras", "teep-tinfoil-gemma4-h100-eat");
    JsonObject exp = Corpus.expected(dir);
    AppraisalContext ctx =
        AppraisalContext.offline(
                Clock.fixed(
                    Instant.ofEpochSecond(exp.getJsonNumber("verify_at_unix").longValue()),
                    ZoneOffset.UTC))
            .withCollateral(new NrasDirectoryCollateralSource(dir, Limits.DEFAULT))
            .withTrustAnchors(SimNras.anchors())
            .withExpectedNonce(Hex.decode(exp.getString("request_nonce")));
    Appraisal a =
        provider.appraise(
            EvidenceSource.read(dir.resolve("nras_attest_gpu_response.json"), Limits.DEFAULT), ctx);
    CheckResult sig = a.check(NrasChecks.OVERALL_SIGNATURE).orElseThrow();
    assertThat(sig.outcome()).isInstanceOf(Outcome.Fail.class);
    assertThat(sig.explanation()).contains("pinned");
    assertThat(a.evidence().gpus()).noneMatch(Gpu::tokenVerified);
    assertThat(a.genuine()).isFalse();
  }

  /**
   * Audit item 12, the fact behind the decision: NRAS does not normalise ES384 signatures to low-s,
   * so refusing high-s would refuse genuine tokens (all of these verify in the cases above).
   */
  @Test
  void nrasSignsWithHighSAsOftenAsLowS() throws Exception {
    java.math.BigInteger half =
        org.bouncycastle.asn1.sec.SECNamedCurves.getByName("secp384r1").getN().shiftRight(1);
    int high = 0;
    int total = 0;
    for (Path f :
        List.of(
            Corpus.caseDir("nras", "teep-tinfoil-gemma4-h100-eat")
                .resolve("nras_attest_gpu_response.json"),
            Corpus.caseDir("near", "near-direct-qwen35-20260629")
                .resolve("nras/nras_attest_gpu_response.json"),
            Corpus.caseDir("near", "near-cloud-qwen35-20260424-gateway-outofdate")
                .resolve("nras/nras_attest_gpu_response.json"))) {
      NrasResponse r =
          NrasResponseParser.parse(java.nio.file.Files.readAllBytes(f), Limits.DEFAULT);
      List<String> tokens = new java.util.ArrayList<>(r.detached().values());
      tokens.add(r.overall());
      for (String t : tokens) {
        byte[] sig = java.util.Base64.getUrlDecoder().decode(t.substring(t.lastIndexOf('.') + 1));
        total++;
        high +=
            new java.math.BigInteger(1, java.util.Arrays.copyOfRange(sig, 48, 96)).compareTo(half)
                    > 0
                ? 1
                : 0;
      }
    }
    assertThat(total).isEqualTo(20);
    assertThat(high).isBetween(1, total - 1);
  }

  @Test
  void privateMlSdkSamplesAreUnevaluableForTheirMissingKids() throws Exception {
    Path dir = Corpus.caseDir("nras", "private-ml-sdk-eat-samples-kid-unavailable");
    JsonObject bc = Corpus.expected(dir).getJsonObject("builder_computed");
    for (String[] c :
        new String[][] {
          {"nras_response_single_gpu.json", "single_gpu"},
          {"nras_response_ppcie_8gpu.json", "ppcie_8gpu"}
        }) {
      JsonObject overall = bc.getJsonObject(c[1]).getJsonObject("overall");
      Appraisal a =
          appraise(
              dir,
              c[0],
              Instant.ofEpochSecond(
                  overall.getJsonObject("claims").getJsonNumber("iat").longValue()),
              null);
      CheckResult sig = a.check(NrasChecks.OVERALL_SIGNATURE).orElseThrow();
      assertThat(sig.outcome()).isInstanceOf(Outcome.Unevaluable.class);
      assertThat(sig.explanation()).contains(overall.getString("kid"));
      assertThat(a.checks())
          .filteredOn(x -> !x.id().equals(NrasChecks.PARSE))
          .noneMatch(CheckResult::passed);
      assertThat(a.evidence().gpus())
          .hasSize(bc.getJsonObject(c[1]).getJsonObject("devices").size())
          .noneMatch(Gpu::tokenVerified);
      assertThat(a.genuine()).isFalse();
    }
  }
}
