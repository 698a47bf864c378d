package dev.teepol.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint and every designed error, over real HTTP on loopback. */
class ServerHttpTest {
  @TempDir static Path tmp;
  static Fixture f;

  @BeforeAll
  static void start() throws Exception {
    f = new Fixture(tmp);
    Files.writeString(f.policies.resolve("other.yaml"), Fixture.OTHER_POLICY);
    f.start(
        f.config().limits(dev.teepol.core.limits.Limits.DEFAULT.withMaxRequestBytes(256 << 10)));
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  static JsonObject json(HttpResponse<String> r) {
    return Json.createReader(new StringReader(r.body())).readObject();
  }

  static byte[] quote() {
    return Fixture.simulated().quote().clone();
  }

  static String envelope(byte[] evidence, String extra) {
    return "{\"evidence\":\""
        + Base64.getEncoder().encodeToString(evidence)
        + "\",\"policy\":\"tdx-service\""
        + extra
        + "}";
  }

  /** Verifies an EAR with Nimbus against the JWKS the service publishes. */
  static Map<String, Object> verifiedClaims(String jwt) throws Exception {
    HttpResponse<String> jwks = f.get("/.well-known/jwks.json");
    assertThat(jwks.statusCode()).isEqualTo(200);
    assertThat(jwks.headers().firstValue("Content-Type")).hasValue("application/jwk-set+json");
    JWKSet set = JWKSet.parse(jwks.body());
    SignedJWT signed = SignedJWT.parse(jwt);
    ECKey key = (ECKey) set.getKeyByKeyId(signed.getHeader().getKeyID());
    assertThat(key).as("the JWT's kid is published").isNotNull();
    assertThat(key.isPrivate()).as("only the public key is published").isFalse();
    assertThat(signed.verify(new ECDSAVerifier(key.toECPublicKey()))).isTrue();
    return signed.getJWTClaimsSet().getClaims();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> submod(Map<String, Object> claims, String name) {
    return (Map<String, Object>) ((Map<String, Object>) claims.get("submods")).get(name);
  }

  @Test
  void healthAndReadiness() throws Exception {
    assertThat(f.get("/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = f.get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready).getBoolean("ready")).isTrue();
    assertThat(json(ready).getInt("policies")).isEqualTo(2);
    assertThat(json(ready).getString("signing_key")).isEqualTo("ephemeral");
  }

  @Test
  void policiesAreListedWithNameVersionAndTheHashOfTheirText() throws Exception {
    HttpResponse<String> r = f.get("/v1/policies");
    assertThat(r.statusCode()).isEqualTo(200);
    var list = json(r).getJsonArray("policies");
    assertThat(list).hasSize(2);
    JsonObject p = list.getJsonObject(1);
    assertThat(p.getString("name")).isEqualTo("tdx-service");
    assertThat(p.getInt("version")).isEqualTo(3);
    assertThat(p.getString("hash"))
        .isEqualTo(
            "sha256:" + Hex.of(Digests.sha256(Fixture.POLICY.getBytes(StandardCharsets.UTF_8))));
    assertThat(p.getString("appraisal_policy_id")).startsWith("policy:tdx-service/v3#sha256:");
  }

  @Test
  void rawEvidenceGetsTheVerdictDocument() throws Exception {
    HttpResponse<String> r =
        f.post("/v1/verify?policy=tdx-service", "application/octet-stream", quote());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject v = json(r);
    assertThat(v.getString("schema")).isEqualTo("teepol.dev/verdict/v2");
    assertThat(v.getString("decision")).isEqualTo("ALLOW");
    assertThat(v.getString("provider")).isEqualTo("tdx");
    assertThat(v.getJsonObject("policy").getString("name")).isEqualTo("tdx-service");
    assertThat(v.getString("verified_at")).isEqualTo(Fixture.AT.toString());
    assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  void aJsonEnvelopeGetsTheSameVerdict() throws Exception {
    HttpResponse<String> r = f.postJson("/v1/verify", envelope(quote(), ""));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).getString("decision")).isEqualTo("ALLOW");
    HttpResponse<String> raw =
        f.post("/v1/verify?policy=tdx-service", "application/octet-stream", quote());
    assertThat(json(r).getJsonArray("checks")).isEqualTo(json(raw).getJsonArray("checks"));
  }

  @Test
  void theSignedAttestationResultVerifiesAgainstThePublishedJwks() throws Exception {
    HttpResponse<String> r =
        f.post(
            "/v1/verify?policy=tdx-service",
            "application/octet-stream",
            quote(),
            "application/eat+jwt");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/eat+jwt");
    Map<String, Object> claims = verifiedClaims(r.body());
    assertThat(claims.get("eat_profile")).isEqualTo("tag:github.com,2023:veraison/ear");
    assertThat(claims).containsKey("iat").doesNotContainKey("eat_nonce");
    @SuppressWarnings("unchecked")
    Map<String, Object> vid = (Map<String, Object>) claims.get("ear.verifier-id");
    assertThat(vid).containsKeys("developer", "build");
    Map<String, Object> tdx = submod(claims, "tdx");
    assertThat(tdx.get("ear.status")).isEqualTo("affirming");
    assertThat((String) tdx.get("ear.appraisal-policy-id"))
        .isEqualTo(
            "policy:tdx-service/v3#sha256:"
                + Hex.of(Digests.sha256(Fixture.POLICY.getBytes(StandardCharsets.UTF_8))));
    @SuppressWarnings("unchecked")
    Map<String, Object> tv = (Map<String, Object>) tdx.get("ear.trustworthiness-vector");
    assertThat(tv)
        .containsEntry("hardware", 2L)
        .containsEntry("configuration", 2L)
        .containsEntry("sourced-data", 2L)
        .containsEntry("runtime-opaque", 2L);
    assertThat(claims.get("teepol.decision")).isEqualTo("ALLOW");
  }

  @Test
  void aTamperedQuoteIsADenyVerdictAndAContraindicatedResult() throws Exception {
    byte[] bad = quote();
    bad[100] ^= 1; // inside the signed TD report
    HttpResponse<String> r =
        f.postJson("/v1/verify", envelope(bad, ",\"attestation_result\":true"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject v = json(r);
    assertThat(v.getString("decision")).isEqualTo("DENY");
    Map<String, Object> claims = verifiedClaims(v.getString("attestation_result"));
    Map<String, Object> tdx = submod(claims, "tdx");
    assertThat(tdx.get("ear.status")).isEqualTo("contraindicated");
    @SuppressWarnings("unchecked")
    Map<String, Object> tv = (Map<String, Object>) tdx.get("ear.trustworthiness-vector");
    assertThat(tv).containsEntry("hardware", 99L).doesNotContainKey("runtime-opaque");
  }

  @Test
  void junkEvidenceIsAVerdictNotAnError() throws Exception {
    HttpResponse<String> r =
        f.post("/v1/verify?policy=tdx-service", "application/octet-stream", "hello".getBytes());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).getString("decision")).isEqualTo("DENY");
    assertThat(r.body()).contains("input.recognized");
  }

  @Test
  void aChallengeIsUsedOnceAndItsNonceIsInTheResult() throws Exception {
    HttpResponse<String> c = f.post("/v1/challenge", "application/json", new byte[0]);
    assertThat(c.statusCode()).isEqualTo(200);
    JsonObject ch = json(c);
    byte[] nonce = Hex.decode(ch.getString("nonce"));
    assertThat(nonce).hasSize(32);
    byte[] evidence = Fixture.quoteWithNonce(nonce);
    String body =
        envelope(
            evidence,
            ",\"challenge\":\"" + ch.getString("challenge") + "\",\"attestation_result\":true");
    HttpResponse<String> r = f.postJson("/v1/verify", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject v = json(r);
    assertThat(v.getString("decision")).isEqualTo("ALLOW");
    assertThat(v.getJsonObject("evidence").getJsonObject("nonce").getString("state"))
        .isEqualTo("matches");
    Map<String, Object> claims = verifiedClaims(v.getString("attestation_result"));
    assertThat(claims.get("eat_nonce"))
        .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));

    HttpResponse<String> again = f.postJson("/v1/verify", body);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again).getJsonObject("error").getString("code"))
        .isEqualTo("challenge_replayed");
  }

  @Test
  void evidenceWithoutTheChallengesNonceIsDenied() throws Exception {
    JsonObject ch = json(f.post("/v1/challenge", "application/json", new byte[0]));
    HttpResponse<String> r =
        f.post(
            "/v1/verify?policy=tdx-service&challenge=" + ch.getString("challenge"),
            "application/octet-stream",
            quote());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).getString("decision")).isEqualTo("DENY");
    assertThat(r.body()).contains("tdx.report_data.nonce");
  }

  @Test
  void anExpiredOrForgedChallengeIsRefused() throws Exception {
    JsonObject ch = json(f.post("/v1/challenge", "application/json", new byte[0]));
    String token = ch.getString("challenge");
    char last = token.charAt(token.length() - 2);
    String forged =
        token.substring(0, token.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + token.charAt(token.length() - 1);
    HttpResponse<String> r =
        f.post(
            "/v1/verify?policy=tdx-service&challenge=" + forged,
            "application/octet-stream",
            quote());
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(json(r).getJsonObject("error").getString("code")).isEqualTo("challenge_invalid");

    java.time.Instant was = f.clock.now;
    try {
      f.clock.now = was.plus(Duration.ofMinutes(5)).plusSeconds(1);
      HttpResponse<String> expired =
          f.post(
              "/v1/verify?policy=tdx-service&challenge=" + token,
              "application/octet-stream",
              quote());
      assertThat(expired.statusCode()).isEqualTo(422);
      assertThat(json(expired).getJsonObject("error").getString("code"))
          .isEqualTo("challenge_expired");
    } finally {
      f.clock.now = was;
    }
  }

  @Test
  void malformedRequestsAre400() throws Exception {
    assertError(f.postJson("/v1/verify", "{not json"), 400, "bad_request");
    assertError(f.postJson("/v1/verify", "[1]"), 400, "bad_request");
    assertError(f.postJson("/v1/verify", "{\"policy\":\"tdx-service\"}"), 400, "bad_request");
    assertError(
        f.postJson("/v1/verify", "{\"evidence\":\"@@@\",\"policy\":\"tdx-service\"}"),
        400,
        "bad_request");
    HttpResponse<String> unknown = f.postJson("/v1/verify", envelope(quote(), ",\"nonse\":\"00\""));
    assertError(unknown, 400, "bad_request");
    assertThat(unknown.body()).contains("unknown field 'nonse'");
    assertError(
        f.postJson("/v1/verify", envelope(quote(), ",\"nonce\":\"zz\"")), 400, "bad_request");
    assertError(
        f.postJson("/v1/verify", envelope(quote(), ",\"nonce\":\"00\",\"challenge\":\"x\"")),
        400,
        "bad_request");
    assertError(
        f.post("/v1/verify?policy=tdx-service&polcy=x", "application/octet-stream", quote()),
        400,
        "bad_request");
    assertError(
        f.post("/v1/verify?policy=a&policy=b", "application/octet-stream", quote()),
        400,
        "bad_request");
    assertError(f.post("/v1/verify", "application/octet-stream", quote()), 400, "bad_request");
    assertError(
        f.post("/v1/verify?policy=tdx-service", "application/octet-stream", new byte[0]),
        400,
        "bad_request");
  }

  @Test
  void tooLargeIs413() throws Exception {
    HttpResponse<String> r =
        f.post(
            "/v1/verify?policy=tdx-service", "application/octet-stream", new byte[(256 << 10) + 1]);
    assertError(r, 413, "too_large");
    // The body was refused unread: the connection is closed, and the client is told so, so its
    // next request goes on a new connection instead of meeting a broken pipe.
    assertThat(r.headers().firstValue("Connection")).hasValue("close");
    for (int i = 0; i < 3; i++) {
      assertError(
          f.post("/v1/verify?policy=nope", "application/octet-stream", quote()),
          422,
          "unknown_policy");
    }
  }

  @Test
  void anUnknownPolicyIs422() throws Exception {
    HttpResponse<String> r = f.post("/v1/verify?policy=nope", "application/octet-stream", quote());
    assertError(r, 422, "unknown_policy");
    assertThat(r.body()).contains("tdx-service");
  }

  @Test
  void unknownPathsAre404AndWrongMethods405() throws Exception {
    assertError(f.get("/v2/verify"), 404, "not_found");
    HttpResponse<String> r = f.get("/v1/verify");
    assertError(r, 405, "method_not_allowed");
    assertThat(r.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void metricsCountRequestsDecisionsAndCacheHits() throws Exception {
    for (int i = 0; i < 3; i++) {
      f.post("/v1/verify?policy=tdx-service", "application/octet-stream", quote());
    }
    HttpResponse<String> m = f.get("/metrics");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.body())
        .contains("teepol_http_requests_total{endpoint=\"/v1/verify\",status=\"200\"}")
        .contains(
            "teepol_verifications_total{cached=\"true\",decision=\"ALLOW\",policy=\"tdx-service\"}")
        .contains("teepol_verification_duration_seconds_bucket")
        .contains(
            "teepol_collateral_fetches_total{result=\"found\",source=\"DirectoryCollateralSource\",type=\"tcb_info\"}")
        .contains("teepol_verdict_cache_hits_total")
        .contains("teepol_policies_served 2");
    assertThat(metricValue(m.body(), "teepol_verdict_cache_hits_total")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void everyRequestIsOneJsonAccessLogLineWithoutTheEvidence() throws Exception {
    f.post("/v1/verify?policy=tdx-service", "application/octet-stream", quote());
    String line =
        f.log.stream()
            .filter(l -> l.contains("\"type\":\"access\"") && l.contains("/v1/verify"))
            .reduce((a, b) -> b)
            .orElseThrow();
    JsonObject o = Json.createReader(new StringReader(line)).readObject();
    assertThat(o.getString("method")).isEqualTo("POST");
    assertThat(o.getInt("status")).isEqualTo(200);
    assertThat(o.getString("policy")).isEqualTo("tdx-service");
    assertThat(o.getString("decision")).isEqualTo("ALLOW");
    assertThat(o.containsKey("duration_ms")).isTrue();
    assertThat(line).doesNotContain(Base64.getEncoder().encodeToString(quote()).substring(0, 40));
  }

  static double metricValue(String text, String name) {
    return text.lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1).trim()))
        .findFirst()
        .orElse(-1);
  }

  static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(r).getJsonObject("error").getString("code")).isEqualTo(code);
    assertThat(json(r).getJsonObject("error").getInt("status")).isEqualTo(status);
  }
}
