package dev.teepol.providers.nras;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.Gpu;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.testsupport.Corpus;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The NRAS provider on the recorded NRAS responses, with the JWKS captured beside them. */
class NrasCorpusTest {
  private final NrasProvider provider = new NrasProvider();

  private Appraisal appraise(Path dir, String file, Instant at, byte[] nonce) throws Exception {
    AppraisalContext ctx = AppraisalContext.offline(Clock.fixed(at, ZoneOffset.UTC))
        .withCollateral(new NrasDirectoryCollateralSource(dir, Limits.DEFAULT));
    if (nonce != null) {
      ctx = ctx.withExpectedNonce(nonce);
    }
    EvidenceSource src = EvidenceSource.read(dir.resolve(file), Limits.DEFAULT);
    assertThat(provider.recognizes(src)).isTrue();
    return provider.appraise(src, ctx);
  }

  @Test
  void tinfoilH100EatIsGenuineAtItsVerifyAt() throws Exception {
    Path dir = Corpus.caseDir("nras", "teep-tinfoil-gemma4-h100-eat");
    JsonObject exp = Corpus.expected(dir);
    Appraisal a = appraise(dir, "nras_attest_gpu_response.json", Instant.ofEpochSecond(exp.getJsonNumber("verify_at_unix").longValue()),
        Hex.decode(exp.getString("request_nonce")));
    assertThat(a.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.id() + ": " + c.explanation()).isTrue());
    JsonObject claims = exp.getJsonObject("builder_computed").getJsonObject("devices").getJsonObject("GPU-0").getJsonObject("claims");
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
    long exp = Corpus.expected(dir).getJsonObject("builder_computed").getJsonObject("overall").getJsonObject("claims")
        .getJsonNumber("exp").longValue();
    Appraisal a = appraise(dir, "nras_attest_gpu_response.json", Instant.ofEpochSecond(exp), null);
    assertThat(a.check(NrasChecks.OVERALL_TIME).orElseThrow().outcome()).isInstanceOf(Outcome.Fail.class);
    assertThat(a.evidence().gpus().get(0).tokenVerified()).isFalse();
  }

  @Test
  void privateMlSdkSamplesAreUnevaluableForTheirMissingKids() throws Exception {
    Path dir = Corpus.caseDir("nras", "private-ml-sdk-eat-samples-kid-unavailable");
    JsonObject bc = Corpus.expected(dir).getJsonObject("builder_computed");
    for (String[] c : new String[][] {{"nras_response_single_gpu.json", "single_gpu"}, {"nras_response_ppcie_8gpu.json", "ppcie_8gpu"}}) {
      JsonObject overall = bc.getJsonObject(c[1]).getJsonObject("overall");
      Appraisal a = appraise(dir, c[0], Instant.ofEpochSecond(overall.getJsonObject("claims").getJsonNumber("iat").longValue()), null);
      CheckResult sig = a.check(NrasChecks.OVERALL_SIGNATURE).orElseThrow();
      assertThat(sig.outcome()).isInstanceOf(Outcome.Unevaluable.class);
      assertThat(sig.explanation()).contains(overall.getString("kid"));
      assertThat(a.checks()).filteredOn(x -> !x.id().equals(NrasChecks.PARSE)).noneMatch(CheckResult::passed);
      assertThat(a.evidence().gpus()).hasSize(bc.getJsonObject(c[1]).getJsonObject("devices").size())
          .noneMatch(Gpu::tokenVerified);
      assertThat(a.genuine()).isFalse();
    }
  }
}
