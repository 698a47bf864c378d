package dev.teepol.providers.near;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.nras.NrasDirectoryCollateralSource;
import dev.teepol.providers.tdx.TdxProvider;
import dev.teepol.providers.testsupport.Corpus;
import dev.teepol.providers.testsupport.StrictPolicy;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The real NEAR reports of the corpus, read in place and edited in memory as the audit did (item
 * 3): removing a part must never turn a DENY into an ALLOW or leave a node without its GPU
 * evidence.
 */
class NearCorpusTest {
  private static final String CLOUD = "near-cloud-qwen35-20260424-gateway-outofdate";
  private static final String DIRECT = "near-direct-qwen35-20260629";

  @Test
  void theCloudReportWithItsOutOfDateGatewayRemovedIsStillDenied() throws Exception {
    Path dir = Corpus.caseDir("near", CLOUD);
    JsonObject report = read(dir);
    assertThat(notPassed(dir, appraise(dir, report)))
        .as("the real report")
        .contains("gateway:" + StrictPolicy.TCB_STATUS);
    for (JsonObject edited :
        List.of(
            Json.createObjectBuilder(report).addNull("gateway_attestation").build(),
            Json.createObjectBuilder(report).remove("gateway_attestation").build())) {
      Appraisal a = appraise(dir, edited);
      assertThat(notPassed(dir, a)).containsExactly(NearChecks.REPORT_STRUCTURE);
      assertThat(StrictPolicy.evaluate(a, verifyAt(dir)).allowed()).isFalse();
    }
  }

  @Test
  void theDirectReportWithoutItsGpuEvidenceIsDenied() throws Exception {
    Path dir = Corpus.caseDir("near", DIRECT);
    JsonObject report = read(dir);
    assertThat(StrictPolicy.evaluate(appraise(dir, report), verifyAt(dir)).allowed())
        .as("the real report")
        .isTrue();
    Appraisal a = appraise(dir, Json.createObjectBuilder(report).remove("nvidia_payload").build());
    assertThat(notPassed(dir, a)).containsExactly("model0:" + NearChecks.GPU_EVIDENCE);
    assertThat(a.components().get("model0").evidence().gpus()).isEmpty();
  }

  private static Appraisal appraise(Path dir, JsonObject report) throws Exception {
    JsonObject expected = Corpus.expected(dir);
    AppraisalContext base =
        Corpus.context(dir, verifyAt(dir))
            .withExpectedNonce(Hex.decode(expected.getString("request_nonce")));
    AppraisalContext ctx =
        base.withCollateral(
            CollateralSource.firstOf(
                base.collateral(),
                new NrasDirectoryCollateralSource(dir.resolve("nras"), Limits.DEFAULT)));
    StringWriter w = new StringWriter();
    Json.createWriter(w).write(report);
    return new NearProvider(new TdxProvider())
        .appraise(new EvidenceSource("edited", w.toString().getBytes(StandardCharsets.UTF_8)), ctx);
  }

  private static Instant verifyAt(Path dir) throws IOException {
    return Instant.parse(Corpus.expected(dir).getString("verify_at"));
  }

  private static List<String> notPassed(Path dir, Appraisal a) throws IOException {
    return StrictPolicy.evaluate(a, verifyAt(dir)).checks().stream()
        .filter(c -> !c.passed())
        .map(CheckResult::id)
        .toList();
  }

  private static JsonObject read(Path dir) throws IOException {
    byte[] gz = Files.readAllBytes(dir.resolve("attestation_report.json.gz"));
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz));
        JsonReader r = Json.createReader(in)) {
      return r.readObject();
    }
  }
}
