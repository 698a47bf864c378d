package dev.teepol.providers.dstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.tdx.TdxChecks;
import dev.teepol.providers.tdx.TdxProvider;
import dev.teepol.providers.testsupport.Corpus;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The dstack provider on the real dstack cases, against their expected.json / CASE.md values. */
class DstackCorpusTest {
  private final DstackProvider provider = new DstackProvider(new TdxProvider());

  private Appraisal appraise(Path dir, String file) throws Exception {
    JsonObject exp = Corpus.expected(dir);
    AppraisalContext ctx = Corpus.context(dir, Instant.parse(exp.getString("verify_at")));
    EvidenceSource src = EvidenceSource.read(dir.resolve(file), Limits.DEFAULT);
    assertThat(provider.recognizes(src, Limits.DEFAULT)).as(file + " recognized").isTrue();
    return provider.appraise(src, ctx);
  }

  private static Outcome outcome(Appraisal a, String id) {
    return a.check(id)
        .map(CheckResult::outcome)
        .orElseThrow(() -> new AssertionError("no check " + id + " in " + a.checks()));
  }

  @Test
  void liteGetQuoteReplaysRtmr3FromStrippedDigestsAndBindsTheComposeHashByMrConfig()
      throws Exception {
    Path dir = Corpus.caseDir("dstack", "dstack-tdx-lite-getquote");
    Appraisal a = appraise(dir, "tdx-lite-getquote.json");
    JsonObject body =
        Corpus.expected(dir)
            .getJsonObject("builder_computed")
            .getJsonObject("quote")
            .getJsonObject("body");

    assertThat(outcome(a, TdxChecks.QUOTE_SIGNATURE).passed()).isTrue();
    for (int i = 0; i < 4; i++) {
      assertThat(outcome(a, DstackChecks.rtmr(i))).as("rtmr" + i).isEqualTo(Outcome.PASS);
      assertThat(a.evidence().measurements().get("rtmr" + i)).isEqualTo(body.getString("rtmr" + i));
    }
    for (String k : DstackChecks.KEY_EVENTS) {
      assertThat(outcome(a, DstackChecks.keyEvent(k))).as(k).isEqualTo(Outcome.PASS);
    }
    assertThat(outcome(a, DstackChecks.EVENTLOG_RUNTIME_DIGESTS)).isEqualTo(Outcome.PASS);
    // mr_config_id = 01 || compose_hash: the v1 encoding of the compose-hash event.
    assertThat(outcome(a, DstackChecks.MR_CONFIG_ID)).isEqualTo(Outcome.PASS);
    assertThat(body.getString("mr_config_id"))
        .startsWith("01" + a.evidence().workload().composeHash());

    JsonArray events =
        Corpus.expected(dir)
            .getJsonObject("builder_computed")
            .getJsonObject("event_log_replay")
            .getJsonArray("runtime_events");
    assertThat(a.evidence().workload().appId()).isEqualTo(payloadOf(events, "app-id"));
    assertThat(a.evidence().workload().composeHash()).isEqualTo(payloadOf(events, "compose-hash"));
    assertThat(a.evidence().workload().instanceId()).isEqualTo(payloadOf(events, "instance-id"));
    assertThat(a.evidence().workload().osImageHash()).isEqualTo(payloadOf(events, "os-image-hash"));
    assertThat(a.evidence().bound().get("workload.compose_hash")).isEqualTo(Binding.REPLAY);
    assertThat(a.evidence().kms().provider()).isEqualTo("kms");
    assertThat(payloadOf(events, "key-provider")).contains(a.evidence().kms().rootKey());
    assertThat(a.evidence().kms().rootKey()).startsWith("3059301306072a8648ce3d0201");
    assertThat(a.evidence().measurements()).containsKeys("rtmr3_boot", "mr_system");
    assertThat(a.evidence().workload().mrAggregated()).hasSize(64);
    assertThat(a.genuine())
        .as(a.checks().stream().filter(c -> !c.passed()).toList().toString())
        .isTrue();
  }

  @Test
  void verifierQuoteReportReplaysAllFourRegistersButHasNoOsImageHashEvent() throws Exception {
    Path dir = Corpus.caseDir("dstack", "dstack-verifier-quote-report");
    Appraisal a = appraise(dir, "quote-report.json");
    JsonArray rtmr =
        Corpus.expected(dir)
            .getJsonObject("builder_computed")
            .getJsonObject("event_log_replay")
            .getJsonArray("rtmr");
    for (int i = 0; i < 4; i++) {
      assertThat(outcome(a, DstackChecks.rtmr(i))).as("rtmr" + i).isEqualTo(Outcome.PASS);
      assertThat(a.evidence().measurements().get("rtmr" + i)).isEqualTo(rtmr.getString(i));
    }
    assertThat(a.evidence().reportData())
        .isEqualTo(Corpus.expected(dir).getJsonObject("source_asserted").getString("report_data"));
    assertThat(a.evidence().workload().appId())
        .isEqualTo("3763bc34552cf3a27ff71ad5f7a90471562a1a2d");
    assertThat(a.evidence().kms().provider()).isEqualTo("local-sgx");
    // This older dstack image measures no os-image-hash event: allowed (the source accepts it), but
    // the OS identity is then not bound by RTMR3, so nothing can pin it through workload.
    assertThat(outcome(a, DstackChecks.keyEvent("os-image-hash"))).isEqualTo(Outcome.PASS);
    assertThat(a.evidence().workload().osImageHash()).isEmpty();
    assertThat(a.genuine()).isTrue();
    // vm_config's os_image_hash stays self-reported; mr_config_id is zero, so no config-id check
    // runs.
    assertThat(a.check(DstackChecks.MR_CONFIG_ID)).isEmpty();
    assertThat(outcome(a, TdxChecks.QUOTE_SIGNATURE)).isEqualTo(Outcome.PASS);
  }

  @Test
  void theSplitEventLogFileIsNotEvidenceOnItsOwn() throws Exception {
    Path dir = Corpus.caseDir("dstack", "dstack-verifier-quote-report");
    assertThat(
            provider.recognizes(
                new EvidenceSource(
                    "event_log.json", Files.readAllBytes(dir.resolve("event_log.json"))),
                Limits.DEFAULT))
        .isFalse();
    assertThat(
            provider.recognizes(
                new EvidenceSource("quote.bin", Files.readAllBytes(dir.resolve("quote.bin"))),
                Limits.DEFAULT))
        .isFalse();
  }

  private static String payloadOf(JsonArray events, String name) {
    for (int i = 0; i < events.size(); i++) {
      JsonArray e = events.getJsonArray(i);
      if (e.getString(0).equals(name)) {
        String v = e.getString(1);
        return Hex.isHex(v) ? v : v;
      }
    }
    throw new AssertionError("no event " + name);
  }
}
