package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.Decision;
import dev.teepol.providers.tpm.abi.AkPublicParser;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.VerifyOptions;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The corpus's tpm cases against their expected.json: every quote verifies with the given nonce and
 * its PCR values are the ones the case lists, the replayed PCRs are expected_pcrs.json (RHEL 8) and
 * the builder's replay (GCE), and the Windows SHA-1 case verifies only once its AK is pinned and
 * SHA-1 is allowed by name. The runner's line is judged with builtin:strict and its own inputs.
 */
final class TpmConformance {
  private TpmConformance() {}

  /** One runner line per case (split-out parts of a container are not evidence of their own). */
  static JsonObject line(List<JsonObject> lines, String name) {
    List<JsonObject> mine = lines.stream().filter(l -> l.getString("case").equals(name)).toList();
    assertThat(mine).as(name + ": one runner line").hasSize(1);
    assertThat(mine.get(0).getString("status")).as(name + " evaluated").isEqualTo("passed");
    return mine.get(0);
  }

  static void assertCase(Path caseDir, List<JsonObject> lines) throws Exception {
    String name = "tpm/" + caseDir.getFileName();
    JsonObject line = line(lines, name);
    JsonObject expected = CorpusConformanceTest.readJson(caseDir.resolve("expected.json"));
    Map<String, String> measurements =
        CorpusConformanceTest.stringMap(line.getJsonObject("measurements"));
    Map<String, String> checks = CorpusConformanceTest.checkOutcomes(line.getJsonArray("checks"));
    Map<String, String> notPassed = new TreeMap<>(checks);
    notPassed.values().removeIf(v -> v.startsWith("PASS"));
    switch (caseDir.getFileName().toString()) {
      case "gce-cos85-nonce9009" -> {
        assertThat(line.getString("evidence")).isEqualTo("attestation.pb");
        assertThat(line.getString("decision")).as(checks.toString()).isEqualTo("ALLOW");
        assertThat(line.getBoolean("genuine")).isTrue();
        assertThat(checks.get("tpm.quote.nonce")).startsWith("PASS");
        JsonObject bc = expected.getJsonObject("builder_computed");
        for (String bank : List.of("sha1", "sha256", "sha384")) {
          assertThat(bc.getJsonObject("quotes").getJsonObject(bank).getBoolean("signature_ok"))
              .isTrue();
          CorpusConformanceTest.readJson(caseDir.resolve("quotes").resolve(bank + ".pcrs.json"))
              .forEach((pcr, v) -> assertValue(measurements, bank + ":pcr" + pcr, v));
          bc.getJsonObject("event_log_replay")
              .getJsonObject(bank)
              .getJsonObject("replayed")
              .forEach((pcr, v) -> assertValue(measurements, bank + ":pcr" + pcr, v));
        }
      }
      case "gcp-windows-shielded-vm-sha1" -> {
        assertThat(line.getString("evidence")).isEqualTo("dump.json");
        // No AK certificate and no pin in the runner; SHA-1 is refused by builtin:strict.
        assertThat(line.getString("decision")).isEqualTo("DENY");
        assertThat(line.getBoolean("genuine")).isFalse();
        assertThat(notPassed.keySet())
            .containsExactlyInAnyOrder("tpm.ak.trust", "policy.platform.weak_digests");
        assertThat(notPassed.get("tpm.ak.trust")).startsWith("UNEVALUABLE");
        assertThat(checks.get("tpm.quote.signature")).startsWith("PASS");
        assertThat(checks.get("tpm.event_log.replay")).startsWith("PASS");
        CorpusConformanceTest.readJson(caseDir.resolve("pcrs_sha1.json"))
            .forEach((pcr, v) -> assertValue(measurements, "sha1:pcr" + pcr, v));
        windowsWithPinnedAk(caseDir, expected);
      }
      case "eventlog-rhel8-gce" -> {
        assertThat(line.getString("decision")).isEqualTo("DENY");
        assertThat(line.getBoolean("genuine")).isFalse();
        assertThat(notPassed.keySet())
            .containsExactlyInAnyOrder("tpm.quote.parse", "tpm.event_log.replay");
        JsonObject banks =
            CorpusConformanceTest.readJson(caseDir.resolve("expected_pcrs.json"))
                .getJsonObject("banks");
        banks.forEach(
            (bank, values) ->
                ((JsonObject) values)
                    .forEach((pcr, v) -> assertValue(measurements, bank + ":pcr" + pcr, v)));
      }
      default -> throw new AssertionError("a tpm case without conformance assertions: " + name);
    }
  }

  private static void assertValue(Map<String, String> measurements, String key, JsonValue v) {
    assertThat(measurements.get(key)).as(key).isEqualTo(CorpusConformanceTest.scalar(v));
  }

  /**
   * The relying party that registered this AK (the case's ak_pub, pinned) and accepts SHA-1 by name
   * gets ALLOW; with the pin but builtin:strict only SHA-1 is refused.
   */
  private static void windowsWithPinnedAk(Path caseDir, JsonObject expected) throws Exception {
    var ak = AkPublicParser.parse(Files.readAllBytes(caseDir.resolve("ak_pub.tpmt_public.bin")));
    Path policy = Files.createTempFile("windows-sha1", ".yaml");
    Files.writeString(
        policy,
        """
        apiVersion: teepol.dev/v1
        kind: TrustPolicy
        metadata: {name: windows-sha1}
        spec:
          substrate: {tee: [tpm], allowWeakDigests: [SHA1]}
          tcb: {appliesTo: [tdx, sgx, sev-snp]}
        """);
    Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    VerifyOptions nonce =
        VerifyOptions.builder()
            .nonce(dev.teepol.core.bytes.Hex.decode(expected.getString("nonce_hex")))
            .build();
    byte[] dump = Files.readAllBytes(caseDir.resolve("dump.json"));
    try (TeepolVerifier allowing =
            TeepolVerifier.builder()
                .clock(clock)
                .policy(policy)
                .pinnedKey(TrustAnchors.TPM_AK, ak.key())
                .build();
        TeepolVerifier strict =
            TeepolVerifier.builder()
                .clock(clock)
                .pinnedKey(TrustAnchors.TPM_AK, ak.key())
                .build()) {
      VerificationResult ok = allowing.verify(dump, nonce);
      assertThat(ok.decision()).as(ok.toJson()).isEqualTo(Decision.ALLOW);
      assertThat(ok.appraisal().genuine()).isTrue();
      VerificationResult refused = strict.verify(dump, nonce);
      assertThat(
              refused.verdict().checks().stream()
                  .filter(c -> !c.passed())
                  .map(c -> c.id())
                  .toList())
          .containsExactly("policy.platform.weak_digests");
    } finally {
      Files.deleteIfExists(policy);
    }
  }
}
