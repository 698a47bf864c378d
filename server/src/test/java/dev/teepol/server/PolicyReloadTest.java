package dev.teepol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.server.policy.ReloadOutcome;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new policy set replaces the served one only when all of it compiles and its suites pass. */
class PolicyReloadTest {
  @TempDir Path tmp;

  static JsonObject json(HttpResponse<String> r) {
    return Json.createReader(new StringReader(r.body())).readObject();
  }

  static final String SUITE_FOR_OTHER =
      "policy: other.yaml\n"
          + "cases:\n"
          + "  - name: a TDX quote is not SGX\n"
          + "    evidence:\n"
          + "      file: ../sim/quote.bin\n"
          + "      collateral: ../sim/collateral\n"
          + "      trustAnchor: ../sim/root_ca.der\n"
          + "      at: 2025-01-01T00:00:00Z\n"
          + "    expect: {decision: ALLOW}\n";

  @Test
  void aValidChangeIsServedAndABrokenOneNeverReplacesIt() throws Exception {
    try (Fixture f = new Fixture(tmp).start()) {
      Files.writeString(f.policies.resolve("other.yaml"), Fixture.OTHER_POLICY);
      ReloadOutcome ok = f.server.reloadPolicies();
      assertThat(ok.ok()).as(ok.problems().toString()).isTrue();
      assertThat(f.get("/v1/policies").body()).contains("\"name\":\"other\"");

      // A typo in one file: the whole new set is refused, the old one stays served.
      Files.writeString(
          f.policies.resolve("other.yaml"), Fixture.OTHER_POLICY.replace("tcb:", "tbc:"));
      ReloadOutcome bad = f.server.reloadPolicies();
      assertThat(bad.ok()).isFalse();
      assertThat(bad.problems()).anyMatch(p -> p.contains("other.yaml:6:3"));
      HttpResponse<String> ready = f.get("/readyz");
      assertThat(ready.statusCode()).as("still serving a good set").isEqualTo(200);
      JsonObject last = json(ready).getJsonObject("last_reload");
      assertThat(last.getBoolean("ok")).isFalse();
      assertThat(last.getString("message")).contains("refused");
      assertThat(last.getJsonArray("problems").toString()).contains("other.yaml");
      assertThat(f.get("/v1/policies").body()).contains("\"name\":\"other\"");
      HttpResponse<String> stillWorks =
          f.post(
              "/v1/verify?policy=tdx-service",
              "application/octet-stream",
              Fixture.simulated().quote().clone());
      assertThat(stillWorks.body()).contains("\"decision\":\"ALLOW\"");
      assertThat(f.log).anyMatch(l -> l.contains("policy directory refused"));
      assertThat(f.get("/metrics").body())
          .contains("teepol_policy_reloads_total{result=\"failed\"} 1");
    }
  }

  @Test
  void aPolicyWhoseSuiteFailsIsNotServed() throws Exception {
    try (Fixture f = new Fixture(tmp).start()) {
      Files.writeString(f.policies.resolve("other.yaml"), Fixture.OTHER_POLICY);
      // The suite expects ALLOW, but the policy admits only SGX: the suite fails.
      Files.writeString(f.policies.resolve("other.tests.yaml"), SUITE_FOR_OTHER);
      ReloadOutcome r = f.server.reloadPolicies();
      assertThat(r.ok()).isFalse();
      assertThat(String.join("\n", r.problems())).contains("other.tests.yaml");
      assertThat(f.get("/v1/policies").body()).doesNotContain("\"name\":\"other\"");
      // Fixed suite: served.
      Files.writeString(
          f.policies.resolve("other.tests.yaml"), SUITE_FOR_OTHER.replace("ALLOW", "DENY"));
      ReloadOutcome fixed = f.server.reloadPolicies();
      assertThat(fixed.ok()).as(String.join("\n", fixed.problems())).isTrue();
      assertThat(f.get("/v1/policies").body()).contains("passed 1 case(s)");
    }
  }

  @Test
  void twoPoliciesWithOneNameAreRefused() throws Exception {
    try (Fixture f = new Fixture(tmp).start()) {
      Files.writeString(f.policies.resolve("copy.yaml"), Fixture.POLICY);
      ReloadOutcome r = f.server.reloadPolicies();
      assertThat(r.ok()).isFalse();
      assertThat(r.problems()).anyMatch(p -> p.contains("names must be unique"));
    }
  }

  @Test
  void anUnchangedPolicyKeepsItsVerdictCache() throws Exception {
    try (Fixture f = new Fixture(tmp).start()) {
      var before = f.server.policies().current().get("tdx-service").orElseThrow().verifier();
      Files.writeString(f.policies.resolve("other.yaml"), Fixture.OTHER_POLICY);
      assertThat(f.server.reloadPolicies().ok()).isTrue();
      assertThat(f.server.policies().current().get("tdx-service").orElseThrow().verifier())
          .isSameAs(before);
      Files.writeString(
          f.policies.resolve("tdx-service.yaml"),
          Fixture.POLICY.replace("version: 3", "version: 4"));
      assertThat(f.server.reloadPolicies().ok()).isTrue();
      assertThat(f.server.policies().current().get("tdx-service").orElseThrow().verifier())
          .as("a changed policy gets a new verifier and an empty cache")
          .isNotSameAs(before);
    }
  }

  @Test
  void theWatcherReloadsAChangedDirectoryByItself() throws Exception {
    try (Fixture f = new Fixture(tmp)) {
      f.start(f.config().reloadInterval(Duration.ofMillis(200)));
      Files.writeString(f.policies.resolve("other.yaml"), Fixture.OTHER_POLICY);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline && f.server.policies().current().get("other").isEmpty()) {
        Thread.sleep(50);
      }
      assertThat(f.server.policies().current().get("other")).isPresent();
    }
  }

  @Test
  void aDirectoryThatDoesNotLoadIsAStartError() throws Exception {
    Fixture f = new Fixture(tmp);
    Files.writeString(f.policies.resolve("tdx-service.yaml"), "apiVersion: nope\n");
    try {
      f.start();
      throw new AssertionError("started with a broken policy directory");
    } catch (TeepolServer.StartException e) {
      assertThat(e.getMessage()).contains("tdx-service.yaml");
    } finally {
      f.close();
    }
  }
}
