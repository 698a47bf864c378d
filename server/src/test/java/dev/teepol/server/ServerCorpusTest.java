package dev.teepol.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.teepol.providers.testsupport.Corpus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real evidence through the service: the NEAR AI model report of the corpus (gzip JSON, TDX quote
 * with dstack event log, eight GPUs with their NRAS verdict), judged by the example NEAR policy,
 * read in place. The EAR has one submodule per appraised component.
 */
class ServerCorpusTest {
  @TempDir Path tmp;

  @Test
  @SuppressWarnings("unchecked")
  void aRealNearReportIsAllowedAndEachComponentIsASubmodule() throws Exception {
    Path c = Corpus.caseDir("near", "near-direct-qwen35-20260629");
    JsonObject expected = Corpus.expected(c);
    Fixture f = new Fixture(tmp);
    try (f) {
      Files.delete(f.policies.resolve("tdx-service.yaml"));
      Files.copy(
          Path.of("..", "examples", "policies", "near-ai-qwen.yaml"),
          f.policies.resolve("near-ai-qwen.yaml"));
      f.clock.now = Instant.parse(expected.getString("verify_at"));
      f.start(
          ServerConfig.builder(f.policies)
              .port(0)
              .collateralDirectory(c.resolve("collateral"))
              .nrasDirectory(c.resolve("nras"))
              .clock(f.clock));
      HttpResponse<String> r =
          f.post(
              "/v1/verify?attestation_result=true&nonce=" + expected.getString("request_nonce"),
              "application/octet-stream",
              Files.readAllBytes(c.resolve("attestation_report.json.gz")));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonObject v = Json.createReader(new StringReader(r.body())).readObject();
      assertThat(v.getString("provider")).isEqualTo("near");
      assertThat(v.getString("decision")).as(r.body()).isEqualTo("ALLOW");
      SignedJWT jwt = SignedJWT.parse(v.getString("attestation_result"));
      Map<String, Object> submods =
          (Map<String, Object>) jwt.getJWTClaimsSet().getClaims().get("submods");
      List<String> components =
          v.getJsonObject("evidence").getJsonObject("components").keySet().stream()
              .sorted()
              .toList();
      assertThat(components).isNotEmpty();
      assertThat(submods.keySet()).containsExactlyElementsOf(components);
      for (String name : components) {
        Map<String, Object> s = (Map<String, Object>) submods.get(name);
        assertThat(s.get("ear.status")).as(name).isEqualTo("affirming");
        assertThat((String) s.get("ear.appraisal-policy-id")).startsWith("policy:near-ai-qwen/v1#");
      }
      assertThat(jwt.getJWTClaimsSet().getClaim("eat_nonce")).isNotNull();
    }
  }

  @Test
  void nrasMaterialCanComeWithTheRequest() throws Exception {
    Path c = Corpus.caseDir("near", "near-direct-qwen35-20260629");
    JsonObject expected = Corpus.expected(c);
    Fixture f = new Fixture(tmp);
    try (f) {
      Files.delete(f.policies.resolve("tdx-service.yaml"));
      Files.copy(
          Path.of("..", "examples", "policies", "near-ai-qwen.yaml"),
          f.policies.resolve("near-ai-qwen.yaml"));
      f.clock.now = Instant.parse(expected.getString("verify_at"));
      // No --nras: the GPU verdict must come with the request.
      f.start(
          ServerConfig.builder(f.policies)
              .port(0)
              .collateralDirectory(c.resolve("collateral"))
              .clock(f.clock));
      String evidence =
          java.util.Base64.getEncoder()
              .encodeToString(Files.readAllBytes(c.resolve("attestation_report.json.gz")));
      String nonce = expected.getString("request_nonce");
      String without = "{\"evidence\":\"" + evidence + "\",\"nonce\":\"" + nonce + "\"}";
      HttpResponse<String> bare = f.postJson("/v1/verify", without);
      assertThat(bare.statusCode()).isEqualTo(200);
      assertThat(bare.body()).contains("\"decision\":\"DENY\"");
      String nras =
          ",\"nras\":{\"response\":\""
              + b64(c.resolve("nras/nras_attest_gpu_response.json"))
              + "\",\"jwks\":\""
              + b64(c.resolve("nras/nras_jwks.json"))
              + "\"}";
      HttpResponse<String> with =
          f.postJson("/v1/verify", without.substring(0, without.length() - 1) + nras + "}");
      assertThat(with.statusCode()).as(with.body()).isEqualTo(200);
      assertThat(with.body()).contains("\"decision\":\"ALLOW\"");
      HttpResponse<String> typo =
          f.postJson(
              "/v1/verify",
              without.substring(0, without.length() - 1) + ",\"nras\":{\"jwk\":\"e30=\"}}");
      assertThat(typo.statusCode()).isEqualTo(400);
      assertThat(typo.body()).contains("nras.jwk");
      // The request's files are gone once the verification ended.
      try (var left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
        assertThat(left.filter(p -> p.getFileName().toString().startsWith("teepol-nras-")))
            .isEmpty();
      }
    }
  }

  static String b64(Path p) throws java.io.IOException {
    return java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(p));
  }

  /**
   * A real Confidential Space token (production TDX) judged by the EigenCompute example policy: it
   * is allowed only when the request names the audience the relying party asked Google for, and the
   * verdict cache never answers one audience with another's verdict.
   */
  @Test
  void aConfidentialSpaceTokenNeedsTheAudienceItWasIssuedTo() throws Exception {
    Path c = Corpus.caseDir("confidential-space", "oak-ctf-sha2-intel-tdx-jwt");
    JsonObject expected = Corpus.expected(c);
    Fixture f = new Fixture(tmp);
    try (f) {
      Files.delete(f.policies.resolve("tdx-service.yaml"));
      Files.copy(
          Path.of("..", "examples", "policies", "eigencompute-app.yaml"),
          f.policies.resolve("eigencompute-app.yaml"));
      f.clock.now = Instant.parse(expected.getString("verify_at"));
      f.start(ServerConfig.builder(f.policies).port(0).clock(f.clock));
      byte[] token = Files.readAllBytes(c.resolve("token.jwt"));
      String nonce =
          dev.teepol.core.bytes.Hex.of(
              expected
                  .getString("expected_eat_nonce")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String audience =
          java.net.URLEncoder.encode(
              expected.getString("expected_audience"), java.nio.charset.StandardCharsets.UTF_8);
      for (int round = 0; round < 2; round++) {
        HttpResponse<String> without =
            f.post("/v1/verify?nonce=" + nonce, "application/octet-stream", token);
        assertThat(without.statusCode()).as(without.body()).isEqualTo(200);
        assertThat(without.body()).contains("\"decision\":\"DENY\"");
        HttpResponse<String> other =
            f.post(
                "/v1/verify?audience=https%3A%2F%2Fother.example&nonce=" + nonce,
                "application/octet-stream",
                token);
        assertThat(other.body()).contains("\"decision\":\"DENY\"");
        HttpResponse<String> with =
            f.post(
                "/v1/verify?audience=" + audience + "&nonce=" + nonce,
                "application/octet-stream",
                token);
        assertThat(with.statusCode()).as(with.body()).isEqualTo(200);
        assertThat(with.body()).as(with.body()).contains("\"decision\":\"ALLOW\"");
      }
    }
  }
}
