package dev.teepol.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overload, time and shutdown: verifications that really wait on a collateral service (a PCS on
 * loopback that holds requests), so the limits are exercised as in production.
 */
class ServerLimitsTest {
  @TempDir Path tmp;

  static CompletableFuture<HttpResponse<String>> verifyAsync(Fixture f) {
    return f.http.sendAsync(
        HttpRequest.newBuilder(f.uri("/v1/verify?policy=tdx-service"))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Fixture.simulated().quote().clone()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void beyondTheConcurrencyLimitTheAnswerIs503WithRetryAfterAndNothingQueues() throws Exception {
    try (BlockingPcs pcs = new BlockingPcs();
        Fixture f = new Fixture(tmp)) {
      f.start(f.withoutCollateral().maxConcurrent(1).pcs(pcs.uri()).verdictCacheTtl(Duration.ZERO));
      CompletableFuture<HttpResponse<String>> first = verifyAsync(f);
      pcs.awaitWaiting(1);
      HttpResponse<String> second =
          f.post(
              "/v1/verify?policy=tdx-service",
              "application/octet-stream",
              Fixture.simulated().quote().clone());
      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(second.body()).contains("\"code\":\"overloaded\"");
      // Cheap endpoints still answer while verifications are saturated.
      assertThat(f.get("/healthz").statusCode()).isEqualTo(200);
      pcs.release();
      HttpResponse<String> done = first.get();
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(done.body()).contains("\"decision\":\"DENY\"");
      assertThat(f.get("/metrics").body())
          .contains("teepol_rejected_total{reason=\"overloaded\"} 1");
    }
  }

  @Test
  void aVerificationOverTheRequestTimeIs503AndItsSlotIsNotLost() throws Exception {
    try (BlockingPcs pcs = new BlockingPcs();
        Fixture f = new Fixture(tmp)) {
      f.start(
          f.withoutCollateral()
              .maxConcurrent(1)
              .requestTimeout(Duration.ofMillis(300))
              .pcs(pcs.uri()));
      HttpResponse<String> slow =
          f.post(
              "/v1/verify?policy=tdx-service",
              "application/octet-stream",
              Fixture.simulated().quote().clone());
      assertThat(slow.statusCode()).isEqualTo(503);
      assertThat(slow.body()).contains("\"code\":\"timeout\"");
      assertThat(slow.headers().firstValue("Retry-After")).isPresent();
      // The timed-out verification is interrupted; its slot comes back once it has really ended.
      pcs.release();
      HttpResponse<String> next = null;
      for (int i = 0; i < 50 && (next == null || next.statusCode() != 200); i++) {
        next =
            f.post(
                "/v1/verify?policy=tdx-service",
                "application/octet-stream",
                Fixture.simulated().quote().clone());
        Thread.sleep(20);
      }
      assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
    }
  }

  @Test
  void stoppingDrainsRequestsInFlightAndTurnsReadinessOff() throws Exception {
    try (BlockingPcs pcs = new BlockingPcs();
        Fixture f = new Fixture(tmp)) {
      f.start(
          f.withoutCollateral()
              .maxConcurrent(2)
              .pcs(pcs.uri())
              .drainTimeout(Duration.ofSeconds(20)));
      CompletableFuture<HttpResponse<String>> inFlight = verifyAsync(f);
      pcs.awaitWaiting(1);
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(f.server::close);
      // While draining, no new work is accepted.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      boolean refused = false;
      while (!refused && System.nanoTime() < deadline) {
        try {
          HttpResponse<String> r = f.get("/readyz");
          refused = r.statusCode() == 503;
        } catch (java.io.IOException e) {
          refused = true; // the listener is closed already
        }
        Thread.sleep(20);
      }
      assertThat(refused).as("readiness turns off while draining").isTrue();
      assertThat(inFlight).isNotDone();
      pcs.release();
      HttpResponse<String> done = inFlight.get();
      assertThat(done.statusCode()).as("the request in flight completes").isEqualTo(200);
      stopping.get();
      assertThat(f.log).anyMatch(l -> l.contains("\"message\":\"stopped\""));
    }
  }
}
