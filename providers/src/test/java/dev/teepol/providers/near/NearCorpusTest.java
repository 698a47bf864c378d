package dev.teepol.providers.near;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.baseline.BaselinePolicy;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.nras.NrasDirectoryCollateralSource;
import dev.teepol.providers.testsupport.Corpus;
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
 * The real NEAR reports of the corpus, read in place and edited in memory as the audit did (item 3):
 * removing a part must never turn a DENY into an ALLOW or leave a node without its GPU evidence.
 */
class NearCorpusTest {
  private static final String CLOUD = "near-cloud-qwen35-20260424-gateway-outofdate";
  private static final String DIRECT = "near-direct-qwen35-20260629";

  @Test
  void theCloudReportWithItsOutOfDateGatewayRemovedIsStillDenied() throws Exception {
    Path dir = Corpus.caseDir("near", CLOUD);
    JsonObject report = read(dir);
    assertThat(notPassed(appraise(dir, report))).as("the real report").contains("gateway:" + BaselinePolicy.TCB_CHECK);
    for (JsonObject edited : List.of(Json.createObjectBuilder(report).addNull("gateway_attestation").build(),
        Json.createObjectBuilder(report).remove("gateway_attestation").build())) {
      Appraisal a = appraise(dir, edited);
      assertThat(notPassed(a)).containsExactly(NearChecks.REPORT_STRUCTURE);
      assertThat(BaselinePolicy.evaluate(a).allowed()).isFalse();
    }
  }

  @Test
  void theDirectReportWithoutItsGpuEvidenceIsDenied() throws Exception {
    Path dir = Corpus.caseDir("near", DIRECT);
    JsonObject report = read(dir);
    assertThat(BaselinePolicy.evaluate(appraise(dir, report)).allowed()).as("the real report").isTrue();
    Appraisal a = appraise(dir, Json.createObjectBuilder(report).remove("nvidia_payload").build());
    assertThat(notPassed(a)).containsExactly("model0:" + NearChecks.GPU_EVIDENCE);
    assertThat(a.components().get("model0").evidence().gpus()).isEmpty();
  }

  private static Appraisal appraise(Path dir, JsonObject report) throws Exception {
    JsonObject expected = Corpus.expected(dir);
    AppraisalContext base = Corpus.context(dir, Instant.parse(expected.getString("verify_at")))
        .withExpectedNonce(Hex.decode(expected.getString("request_nonce")));
    AppraisalContext ctx = base.withCollateral(CollateralSource.firstOf(base.collateral(),
        new NrasDirectoryCollateralSource(dir.resolve("nras"), Limits.DEFAULT)));
    StringWriter w = new StringWriter();
    Json.createWriter(w).write(report);
    return new NearProvider().appraise(new EvidenceSource("edited", w.toString().getBytes(StandardCharsets.UTF_8)), ctx);
  }

  private static List<String> notPassed(Appraisal a) {
    return BaselinePolicy.evaluate(a).checks().stream().filter(c -> !c.passed()).map(CheckResult::id).toList();
  }

  private static JsonObject read(Path dir) throws IOException {
    byte[] gz = Files.readAllBytes(dir.resolve("attestation_report.json.gz"));
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz));
        JsonReader r = Json.createReader(in)) {
      return r.readObject();
    }
  }
}
