package dev.teepol.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Damaged requests over HTTP: whatever the bytes, the answer is a verdict or a designed error with
 * an error document, never a 500 or a stack trace.
 */
class VerifyRequestRobustnessTest {
  static Fixture f;
  static final Set<Integer> DESIGNED = Set.of(200, 400, 413, 422);

  @BeforeContainer
  static void start() throws Exception {
    f = new Fixture(Files.createTempDirectory("teepol-robust"));
    f.start(f.config().limits(dev.teepol.core.limits.Limits.DEFAULT.withMaxRequestBytes(64 << 10)));
  }

  @AfterContainer
  static void stop() {
    f.close();
  }

  static String envelope() {
    return "{\"evidence\":\""
        + Base64.getEncoder().encodeToString(Fixture.simulated().quote())
        + "\",\"policy\":\"tdx-service\",\"nonce\":\"00ff\"}";
  }

  @Provide
  Arbitrary<byte[]> damagedEnvelopes() {
    byte[] good = envelope().getBytes(StandardCharsets.UTF_8);
    return Arbitraries.integers()
        .between(0, good.length - 1)
        .list()
        .ofMinSize(1)
        .ofMaxSize(6)
        .flatMap(
            positions ->
                Arbitraries.bytes()
                    .list()
                    .ofSize(positions.size())
                    .map(
                        values -> {
                          byte[] b = good.clone();
                          for (int i = 0; i < positions.size(); i++) {
                            b[positions.get(i)] = values.get(i);
                          }
                          return b;
                        }));
  }

  @Property(tries = 60)
  void aDamagedEnvelopeIsAVerdictOrADesignedError(@ForAll("damagedEnvelopes") byte[] body)
      throws Exception {
    HttpResponse<String> r = f.post("/v1/verify", "application/json", body);
    assertThat(r.statusCode()).as(r.body()).isIn(DESIGNED);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    if (r.statusCode() != 200) {
      assertThat(r.body()).startsWith("{\"error\":");
    }
  }

  @Property(tries = 40)
  void randomRawBodiesAreVerdicts(@ForAll byte[] body, @ForAll("queries") String query)
      throws Exception {
    HttpResponse<String> r = f.post("/v1/verify?" + query, "application/octet-stream", body);
    assertThat(r.statusCode()).as(r.body()).isIn(DESIGNED);
    if (r.statusCode() == 200) {
      assertThat(r.body()).contains("\"decision\":\"DENY\"");
    }
  }

  @Provide
  Arbitrary<String> queries() {
    return Arbitraries.of(
        "policy=tdx-service",
        "policy=tdx-service&nonce=",
        "policy=tdx-service&nonce=0",
        "policy=tdx-service&nonce=" + "ab".repeat(65),
        "policy=tdx-service&challenge=%00",
        "policy=tdx-service&attestation_result=maybe",
        "policy=%F0%9F%98%80");
  }
}
