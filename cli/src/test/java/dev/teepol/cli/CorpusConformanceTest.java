package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.teepol.cli.corpus.CorpusRunner;
import dev.teepol.cli.corpus.CorpusSummary;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.policy.compile.Policies;
import dev.teepol.policy.eval.PolicyEngine;
import dev.teepol.providers.tdx.TdxChecks;
import dev.teepol.providers.tdx.TdxProvider;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.VerifyOptions;
import dev.teepol.verifier.json.JsonOut;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Conformance with the shared corpus of real evidence, read in place from {@code
 * teepol.corpus.dir}. Expected values come from each case's expected.json ({@code source_asserted}
 * and {@code builder_computed}); the runner under test never sees them. Absent corpus: skipped,
 * except under CI=true where that is a failure.
 */
class CorpusConformanceTest {
  /** Pseudo-key: report_data is its own field of the evidence, not a measurement. */
  static final String REPORT_DATA = "report_data";

  /**
   * expected.json field name → the measurement key teepol uses; every decoded body field must be
   * mapped.
   */
  static final Map<String, String> MEASUREMENT_KEYS =
      Map.ofEntries(
          Map.entry("mr_td", "mrtd"),
          Map.entry("mrtd", "mrtd"),
          Map.entry("rtmr0", "rtmr0"),
          Map.entry("rtmr1", "rtmr1"),
          Map.entry("rtmr2", "rtmr2"),
          Map.entry("rtmr3", "rtmr3"),
          Map.entry("mr_seam", "mr_seam"),
          Map.entry("mr_signer_seam", "mr_signer_seam"),
          Map.entry("seam_attributes", "seam_attributes"),
          Map.entry("mr_config_id", "mr_config_id"),
          Map.entry("mr_owner", "mr_owner"),
          Map.entry("mr_owner_config", "mr_owner_config"),
          Map.entry("td_attributes", "td_attributes"),
          Map.entry("xfam", "xfam"),
          Map.entry("tee_tcb_svn", "tee_tcb_svn"),
          Map.entry("tee_tcb_svn2", "tee_tcb_svn2"),
          Map.entry("mr_servicetd", "mr_servicetd"),
          Map.entry("mr_enclave", "mr_enclave"),
          Map.entry("mr_signer", "mr_signer"),
          Map.entry("attributes", "attributes"),
          Map.entry("cpu_svn", "cpu_svn"),
          Map.entry("misc_select", "misc_select"),
          Map.entry("isv_prod_id", "isv_prod_id"),
          Map.entry("isv_svn", "isv_svn"),
          Map.entry("report_data", REPORT_DATA));

  private static List<JsonObject> lines;
  private static CorpusSummary summary;

  static Path corpus() {
    String prop = System.getProperty("teepol.corpus.dir");
    Path dir = prop == null ? null : Path.of(prop);
    boolean present = dir != null && Files.isDirectory(dir);
    if (!present && "true".equals(System.getenv("CI"))) {
      fail(
          "corpus not found at "
              + prop
              + " (teepol.corpus.dir); under CI=true the corpus is required");
    }
    assumeTrue(present, "corpus not found at " + prop + "; skipping the corpus conformance tests");
    return dir;
  }

  /**
   * A clock that fails the test if read: every corpus case must run at its own verification time.
   */
  static final Clock NO_WALL_CLOCK =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          throw new AssertionError("a corpus case read the wall clock");
        }
      };

  static synchronized List<JsonObject> runnerLines() throws Exception {
    if (lines == null) {
      List<JsonObject> out = new ArrayList<>();
      summary =
          new CorpusRunner(Providers.load(), NO_WALL_CLOCK, Limits.DEFAULT).run(corpus(), out::add);
      lines = List.copyOf(out);
    }
    return lines;
  }

  @TestFactory
  Stream<DynamicTest> everyTdxCaseConforms() throws Exception {
    Path tdx = corpus().resolve("tdx");
    List<JsonObject> all = runnerLines();
    return caseDirs(tdx).stream()
        .map(
            caseDir ->
                DynamicTest.dynamicTest(
                    caseDir.getFileName().toString(),
                    () -> {
                      String name = "tdx/" + caseDir.getFileName();
                      List<JsonObject> mine =
                          all.stream().filter(l -> l.getString("case").equals(name)).toList();
                      assertThat(mine)
                          .as("one runner line per tdx case (one quote each)")
                          .hasSize(1);
                      JsonObject line = mine.get(0);
                      Expected want =
                          Expected.of(
                              readJson(caseDir.resolve("expected.json")), Function.identity());
                      assertThat(line.getString("status"))
                          .as(name + " evaluated")
                          .isEqualTo("passed");
                      assertConforms(
                          name,
                          want,
                          new Observed(
                              line.getString("decision"),
                              line.getBoolean("genuine"),
                              line.getString("tcb_status"),
                              strings(line.getJsonArray("advisory_ids")),
                              stringMap(line.getJsonObject("measurements")),
                              line.getString("report_data"),
                              checkOutcomes(line.getJsonArray("checks"))));
                    }));
  }

  /**
   * dstack and NEAR carry TDX quotes too; until their providers exist, their quotes are checked
   * with the TDX provider directly, at each case's verify_at, with its anchor and collateral.
   */
  @TestFactory
  Stream<DynamicTest> tdxQuotesInsideDstackAndNearCasesConform() throws Exception {
    Path root = corpus();
    List<DynamicTest> tests = new ArrayList<>();
    for (Path caseDir : caseDirs(root.resolve("dstack"))) {
      tests.add(embeddedQuoteTest(caseDir, caseDir.resolve("quote.bin"), Function.identity()));
    }
    for (Path caseDir : caseDirs(root.resolve("near"))) {
      for (Path sub : subdirs(caseDir)) {
        if (Files.isRegularFile(sub.resolve("quote.bin"))) {
          String component = sub.getFileName().toString();
          tests.add(
              embeddedQuoteTest(
                  caseDir, sub.resolve("quote.bin"), bc -> bc.getJsonObject(component)));
        }
      }
    }
    assertThat(tests).as("dstack and near quotes found").hasSizeGreaterThanOrEqualTo(5);
    return tests.stream();
  }

  private static DynamicTest embeddedQuoteTest(
      Path caseDir, Path quote, Function<JsonObject, JsonObject> part) {
    String name =
        caseDir.getParent().getFileName()
            + "/"
            + caseDir.getFileName()
            + "/"
            + caseDir.relativize(quote);
    return DynamicTest.dynamicTest(
        name,
        () -> {
          JsonObject expectedJson = readJson(caseDir.resolve("expected.json"));
          Instant at = Instants.parse(expectedJson.getString("verify_at"));
          Path collateral = caseDir.resolve("collateral");
          boolean hasCollateral = Files.isDirectory(collateral);
          AppraisalContext ctx =
              new AppraisalContext(
                  Clock.fixed(at, ZoneOffset.UTC),
                  TrustAnchors.defaults()
                      .with(
                          TrustAnchors.INTEL_SGX_ROOT,
                          Certificates.parseAny(
                              Files.readAllBytes(caseDir.resolve("intel_sgx_root_ca.der")), 1)),
                  hasCollateral
                      ? new DirectoryCollateralSource(collateral, Limits.DEFAULT)
                      : CollateralSource.none(),
                  java.util.Optional.empty(),
                  Limits.DEFAULT);
          TdxProvider provider = new TdxProvider();
          EvidenceSource src = EvidenceSource.read(quote, Limits.DEFAULT);
          assertThat(provider.recognizes(src, Limits.DEFAULT)).as(name + " recognized").isTrue();
          Appraisal a = provider.appraise(src, ctx);
          Expected want = Expected.of(expectedJson, part);
          Map<String, String> outcomes = new LinkedHashMap<>();
          dev.teepol.core.verdict.Verdict strict = PolicyEngine.evaluate(Policies.strict(), a, at);
          strict
              .checks()
              .forEach(c -> outcomes.put(c.id(), c.outcome().label() + ": " + c.explanation()));
          Observed got =
              new Observed(
                  strict.decision().name(),
                  a.genuine(),
                  a.evidence().platform().tcb().status(),
                  a.evidence().platform().tcb().advisoryIds(),
                  a.evidence().measurements(),
                  a.evidence().reportData(),
                  outcomes);
          if (!hasCollateral) {
            // No collateral in the case: the TCB cannot be judged offline, so the quote is genuine
            // but denied.
            want = want.withoutTcb();
          }
          assertConforms(name, want, got);
        });
  }

  @Test
  void kindsWithoutAProviderAreSkippedByNameAndCounted() throws Exception {
    List<JsonObject> all = runnerLines();
    Path root = corpus();
    int expectSkipped = 0;
    int expectPassed = 0;
    // Derived, not kept by hand: a corpus kind is skipped exactly when no loaded provider has its
    // id.
    Providers providers = Providers.load();
    List<String> kindsWithoutProvider = new ArrayList<>();
    for (Path kindDir : subdirs(root)) {
      String kind = kindDir.getFileName().toString();
      int cases = caseDirs(kindDir).size();
      if (providers.byId(kind).isEmpty()) {
        expectSkipped += cases;
        kindsWithoutProvider.add(kind);
      } else {
        // One line per recognized evidence file: a case may hold several (nras keeps two responses
        // in one case).
        for (Path caseDir : caseDirs(kindDir)) {
          String name = kind + "/" + caseDir.getFileName();
          long lines = all.stream().filter(l -> l.getString("case").equals(name)).count();
          assertThat(lines).as(name + " evaluated").isPositive();
          expectPassed += (int) lines;
        }
      }
    }
    for (String kind : kindsWithoutProvider) {
      List<JsonObject> ofKind = all.stream().filter(l -> l.getString("kind").equals(kind)).toList();
      assertThat(ofKind).as("cases of " + kind).isNotEmpty();
      for (JsonObject l : ofKind) {
        assertThat(l.getString("decision")).as(l.getString("case")).isEqualTo("SKIPPED");
        assertThat(l.getString("reason")).contains("'" + kind + "'");
        assertThat(l.getString("case")).startsWith(kind + "/");
      }
    }
    assertThat(summary.skipped()).isEqualTo(expectSkipped);
    assertThat(summary.passed()).isEqualTo(expectPassed);
    assertThat(summary.failed()).isZero();
    assertThat(summary.line())
        .isEqualTo("corpus: " + expectPassed + " passed, 0 failed, " + expectSkipped + " skipped");
  }

  @Test
  void theCommandPrintsTheSameLinesAndTheSummaryLast() throws Exception {
    CliRun r = CliRun.real("corpus", "run", corpus().toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.ALLOW);
    List<String> out = r.out().lines().toList();
    assertThat(out.get(out.size() - 1)).matches("corpus: \\d+ passed, 0 failed, \\d+ skipped");
    assertThat(out).hasSize(runnerLines().size() + 1);
    for (String l : out.subList(0, out.size() - 1)) {
      JsonObject o = VerifyCommandTest.parse(l);
      assertThat(o.keySet()).contains("case", "kind", "decision");
      if (!o.getString("decision").equals("SKIPPED")) {
        assertThat(o.keySet())
            .contains("genuine", "tcb_status", "advisory_ids", "measurements", "checks");
      }
    }
  }

  /** tpm cases: quotes, nonces, PCR values and replays against expected.json (TpmConformance). */
  @TestFactory
  Stream<DynamicTest> everyTpmCaseConforms() throws Exception {
    List<JsonObject> all = runnerLines();
    List<Path> cases = caseDirs(corpus().resolve("tpm"));
    assertThat(cases).as("tpm cases").isNotEmpty();
    return cases.stream()
        .map(
            d ->
                DynamicTest.dynamicTest(
                    "tpm/" + d.getFileName(), () -> TpmConformance.assertCase(d, all)));
  }

  /**
   * NEAR reports: every node named in builder_computed (all but "nras") is a component ("model"
   * names the only model node, model0), appraised as the runner does, and its TCB, registers,
   * bindings, workload, signer and GPUs must be the builder's.
   */
  @TestFactory
  Stream<DynamicTest> everyNearNodeConforms() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path caseDir : caseDirs(corpus().resolve("near"))) {
      JsonObject expected = readJson(caseDir.resolve("expected.json"));
      JsonObject bc = expected.getJsonObject("builder_computed");
      Appraisal report = appraiseLikeTheRunner(caseDir, "near", expected);
      String caseName = "near/" + caseDir.getFileName();
      tests.add(
          DynamicTest.dynamicTest(
              caseName + " report",
              () -> {
                List<String> nodes = bc.keySet().stream().filter(k -> !k.equals("nras")).toList();
                assertThat(report.components().keySet())
                    .as(caseName + " components")
                    .hasSize(nodes.size());
                boolean allAccepted =
                    nodes.stream()
                        .allMatch(
                            n ->
                                bc.getJsonObject(n).getBoolean("crypto_checks_all_pass")
                                    && "UpToDate"
                                        .equals(
                                            bc.getJsonObject(n)
                                                .getJsonObject("final_tcb_status")
                                                .getString("status")));
                assertThat(strict(report).allowed())
                    .as(caseName + " builtin:strict decision; " + notPassed(report))
                    .isEqualTo(allAccepted);
                // The runner decides with builtin:strict, whose platform checks run on every
                // component.
                JsonObject line =
                    runnerLines().stream()
                        .filter(l -> l.getString("case").equals(caseName))
                        .findFirst()
                        .orElseThrow();
                assertThat(line.getString("status")).isEqualTo("passed");
                assertThat(line.getString("decision"))
                    .as(caseName + " runner decision")
                    .isEqualTo(allAccepted ? "ALLOW" : "DENY");
                for (String n : nodes) {
                  boolean upToDate =
                      "UpToDate"
                          .equals(
                              bc.getJsonObject(n)
                                  .getJsonObject("final_tcb_status")
                                  .getString("status"));
                  String id = (n.equals("model") ? "model0" : n) + ":policy.tcb.status";
                  assertThat(line.getJsonArray("checks").getValuesAs(JsonObject.class))
                      .as(caseName + " " + id)
                      .filteredOn(c -> c.getString("id").equals(id))
                      .singleElement()
                      .satisfies(
                          c ->
                              assertThat(c.getString("outcome"))
                                  .isEqualTo(upToDate ? "PASS" : "FAIL"));
                }
                assertThat(line.getBoolean("genuine")).isEqualTo(report.genuine());
              }));
      for (String node : bc.keySet()) {
        if (node.equals("nras")) {
          continue;
        }
        String component = node.equals("model") ? "model0" : node;
        tests.add(
            DynamicTest.dynamicTest(
                caseName + " " + component,
                () -> {
                  Appraisal a = report.components().get(component);
                  assertThat(a).as(caseName + " has component " + component).isNotNull();
                  assertNearNode(
                      caseName + " " + component,
                      bc.getJsonObject(node),
                      bc.getJsonObject("nras"),
                      a);
                }));
      }
    }
    return tests.stream();
  }

  private static void assertNearNode(String name, JsonObject want, JsonObject nras, Appraisal a) {
    Map<String, String> checks = new LinkedHashMap<>();
    a.checks().forEach(c -> checks.put(c.id(), c.outcome().label() + ": " + c.explanation()));
    assertThat(a.genuine())
        .as(name + " genuine; " + checks)
        .isEqualTo(want.getBoolean("crypto_checks_all_pass"));
    JsonObject tcb = want.getJsonObject("final_tcb_status");
    assertThat(a.evidence().platform().tcb().status())
        .as(name + " TCB")
        .isEqualTo(tcb.getString("status"));
    assertThat(a.evidence().platform().tcb().advisoryIds())
        .as(name + " advisories")
        .isEqualTo(strings(tcb.getJsonArray("advisory_ids")));
    want.getJsonObject("quote")
        .getJsonObject("body")
        .forEach(
            (k, v) -> {
              String key = MEASUREMENT_KEYS.get(k);
              String actual =
                  key.equals(REPORT_DATA)
                      ? a.evidence().reportData()
                      : a.evidence().measurements().get(key);
              assertThat(actual).as(name + " " + k).isEqualTo(scalar(v));
            });
    JsonObject b = want.getJsonObject("bindings");
    assertOutcome(
        name, checks, "near.report_data.signer", b.getBoolean("report_data_0_32_matches"));
    assertOutcome(
        name,
        checks,
        "near.report_data.nonce",
        b.getBoolean("report_data_32_64_equals_request_nonce"));
    assertOutcome(name, checks, "dstack.mr_config_id", b.getBoolean("mr_config_id_binds_compose"));
    List<Boolean> replays =
        b.getJsonArray("event_log_replay_matches_rtmr0_3").getValuesAs(JsonValue.class).stream()
            .map(v -> v == JsonValue.TRUE)
            .toList();
    for (int i = 0; i < replays.size(); i++) {
      assertOutcome(name, checks, "dstack.rtmr" + i + ".replay", replays.get(i));
    }
    assertOutcome(
        name,
        checks,
        "dstack.compose_hash.app_compose",
        b.getString("sha256_app_compose").equals(b.getString("compose_hash_field")));
    assertThat(a.evidence().workload().composeHash())
        .as(name + " compose hash")
        .isEqualTo(b.getString("compose_hash_field"));
    Map<String, String> events = new LinkedHashMap<>();
    b.getJsonArray("runtime_events")
        .getValuesAs(JsonArray.class)
        .forEach(e -> events.put(e.getString(0), e.getString(1)));
    assertThat(a.evidence().workload().appId())
        .as(name + " app id")
        .isEqualTo(events.get("app-id"));
    assertThat(a.evidence().workload().instanceId())
        .as(name + " instance id")
        .isEqualTo(events.get("instance-id"));
    assertThat(a.evidence().workload().osImageHash())
        .as(name + " os image")
        .isEqualTo(events.get("os-image-hash"));
    boolean bound =
        b.getBoolean("report_data_0_32_matches") && want.getBoolean("crypto_checks_all_pass");
    assertThat(a.evidence().signers())
        .as(name + " signers")
        .extracting(s -> s.addressOrKey() + "/" + s.algo() + "/" + s.boundBy().label())
        .isEqualTo(
            bound
                ? List.of(
                    b.getString("signing_address")
                        + "/"
                        + b.getString("signing_algo")
                        + "/report_data")
                : List.of());
    if (b.containsKey("nvidia_payload_nonce")) {
      assertOutcome(
          name,
          checks,
          "near.gpu.nonce",
          b.getString("nvidia_payload_nonce").equals(b.getString("request_nonce")));
      assertThat(a.evidence().gpus()).as(name + " GPUs").hasSize(b.getInt("nvidia_payload_gpus"));
      assertOutcome(
          name, checks, "nras.overall.signature", nras.getBoolean("overall_signature_ok"));
      assertOutcome(name, checks, "nras.overall.result", nras.getBoolean("overall_att_result"));
      assertOutcome(
          name,
          checks,
          "nras.overall.nonce",
          nras.getString("eat_nonce").equals(b.getString("request_nonce")));
      JsonObject devices = nras.getJsonObject("devices");
      for (dev.teepol.core.evidence.Gpu g : a.evidence().gpus()) {
        JsonObject d = devices.getJsonObject("GPU-" + g.index());
        assertThat(g.hwmodel())
            .as(name + " GPU-" + g.index() + " hwmodel")
            .startsWith(d.getString("hwmodel"));
        assertThat(g.driverVersion()).isEqualTo(d.getString("driver"));
        assertThat(g.vbiosVersion()).isEqualTo(d.getString("vbios"));
        assertThat(g.secboot()).isEqualTo(d.getBoolean("secboot"));
        assertThat(g.dbgstat()).isEqualTo("disabled".equals(d.getString("dbgstat")));
        assertThat(g.measres()).isEqualTo("success".equals(d.getString("measres")));
        assertThat(g.tokenVerified()).isEqualTo(d.getBoolean("sig_ok"));
        assertOutcome(name, checks, "nras.gpu" + g.index() + ".signature", d.getBoolean("sig_ok"));
      }
    }
  }

  /** dstack cases: the builder's replay of RTMR0..3 and the identity its runtime events carry. */
  @TestFactory
  Stream<DynamicTest> everyDstackReplayConforms() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path caseDir : caseDirs(corpus().resolve("dstack"))) {
      tests.add(
          DynamicTest.dynamicTest(
              "dstack/" + caseDir.getFileName(),
              () -> {
                JsonObject expected = readJson(caseDir.resolve("expected.json"));
                JsonObject replay =
                    expected.getJsonObject("builder_computed").getJsonObject("event_log_replay");
                Appraisal a = appraiseLikeTheRunner(caseDir, "dstack", expected);
                Map<String, String> checks = new LinkedHashMap<>();
                a.checks()
                    .forEach(c -> checks.put(c.id(), c.outcome().label() + ": " + c.explanation()));
                // Two builder shapes: rtmr0_2_match + rtmr3_match, or matches_quote[] with the
                // replayed rtmr[].
                List<JsonValue> matches =
                    replay.containsKey("matches_quote")
                        ? replay.getJsonArray("matches_quote")
                        : Stream.concat(
                                replay.getJsonArray("rtmr0_2_match").stream(),
                                Stream.of(replay.get("rtmr3_match")))
                            .toList();
                for (int i = 0; i < matches.size(); i++) {
                  assertOutcome(
                      "dstack",
                      checks,
                      "dstack.rtmr" + i + ".replay",
                      matches.get(i) == JsonValue.TRUE);
                }
                if (replay.containsKey("rtmr")) {
                  List<String> replayed = strings(replay.getJsonArray("rtmr"));
                  for (int i = 0; i < replayed.size(); i++) {
                    assertThat(a.evidence().measurements().get("rtmr" + i))
                        .as("rtmr" + i)
                        .isEqualTo(replayed.get(i));
                  }
                } else {
                  assertThat(a.evidence().measurements().get("rtmr3"))
                      .isEqualTo(replay.getString("rtmr3_quote"));
                }
                Map<String, String> events = new LinkedHashMap<>();
                replay
                    .getJsonArray("runtime_events")
                    .getValuesAs(JsonArray.class)
                    .forEach(e -> events.put(e.getString(0), e.getString(1)));
                if (matches.size() == 4 && matches.get(3) == JsonValue.TRUE) {
                  assertThat(a.evidence().workload().appId()).isEqualTo(events.get("app-id"));
                  assertThat(a.evidence().workload().composeHash())
                      .isEqualTo(events.get("compose-hash"));
                  assertThat(a.evidence().workload().instanceId())
                      .isEqualTo(events.get("instance-id"));
                }
              }));
    }
    return tests.stream();
  }

  /**
   * nras cases the runner evaluates: the overall EAT's signature and result as the builder found
   * them.
   */
  @TestFactory
  Stream<DynamicTest> everyNrasOverallTokenConforms() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path caseDir : caseDirs(corpus().resolve("nras"))) {
      JsonObject bc = readJson(caseDir.resolve("expected.json")).getJsonObject("builder_computed");
      if (!(bc.get("overall") instanceof JsonObject overall)) {
        continue;
      }
      String name = "nras/" + caseDir.getFileName();
      tests.add(
          DynamicTest.dynamicTest(
              name,
              () -> {
                List<JsonObject> mine =
                    runnerLines().stream().filter(l -> l.getString("case").equals(name)).toList();
                assertThat(mine).isNotEmpty();
                Map<String, String> checks = checkOutcomes(mine.get(0).getJsonArray("checks"));
                String sig = checks.get("nras.overall.signature");
                if (!overall.getBoolean("kid_found")) {
                  assertThat(sig).startsWith("UNEVALUABLE");
                } else {
                  assertThat(sig).startsWith(overall.getBoolean("signature_ok") ? "PASS" : "FAIL");
                  assertThat(checks.get("nras.overall.result"))
                      .startsWith(
                          Boolean.TRUE.equals(
                                  overall
                                      .getJsonObject("claims")
                                      .getBoolean("x-nvidia-overall-att-result", false))
                              ? "PASS"
                              : "FAIL");
                }
              }));
    }
    return tests.stream();
  }

  private static void assertOutcome(
      String name, Map<String, String> checks, String id, boolean pass) {
    assertThat(checks.get(id))
        .as(name + " " + id + "; all: " + checks)
        .isNotNull()
        .startsWith(pass ? "PASS" : "FAIL");
  }

  /** builtin:strict on an appraisal, at an instant its checks do not depend on. */
  private static dev.teepol.core.verdict.Verdict strict(Appraisal a) {
    return PolicyEngine.evaluate(Policies.strict(), a, Instant.EPOCH);
  }

  private static List<String> notPassed(Appraisal a) {
    return strict(a).checks().stream()
        .filter(c -> !c.passed())
        .map(c -> c.id() + " " + c.explanation())
        .toList();
  }

  /**
   * The runner's inputs for a case: its verify_at, nonce, collateral/, top-level anchor and NRAS
   * captures.
   */
  private static Appraisal appraiseLikeTheRunner(Path caseDir, String kind, JsonObject expected)
      throws Exception {
    Instant at = Instants.parse(expected.getString("verify_at"));
    TeepolVerifier.Builder b =
        TeepolVerifier.builder().clock(Clock.fixed(at, ZoneOffset.UTC)).nrasDirectory(caseDir);
    Path root = caseDir.resolve("intel_sgx_root_ca.der");
    if (Files.isRegularFile(root)) {
      b.trustAnchor(root);
    }
    Path collateral = caseDir.resolve("collateral");
    if (Files.isDirectory(collateral)) {
      b.collateralDirectory(collateral);
    }
    VerifyOptions.Builder options = VerifyOptions.builder();
    if (expected.containsKey("request_nonce")) {
      options.nonce(dev.teepol.core.bytes.Hex.decode(expected.getString("request_nonce")));
    }
    if (Files.isDirectory(caseDir.resolve("nras"))) {
      options.nrasDirectory(caseDir.resolve("nras"));
    }
    try (TeepolVerifier v = b.build();
        Stream<Path> files = Files.list(caseDir)) {
      var provider = v.providers().byId(kind).orElseThrow();
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        EvidenceSource src = EvidenceSource.read(f, Limits.DEFAULT);
        if (provider.recognizes(src, Limits.DEFAULT)) {
          VerificationResult r =
              v.verify(src.content(), options.name(f.getFileName().toString()).build());
          assertThat(r.provider()).isEqualTo(kind);
          return r.appraisal();
        }
      }
    }
    throw new AssertionError(caseDir + ": no file recognized by " + kind);
  }

  // ---- expectations, derived from expected.json fields (never from case names) ----

  record Observed(
      String decision,
      boolean genuine,
      String tcbStatus,
      List<String> advisories,
      Map<String, String> measurements,
      String reportData,
      Map<String, String> checks) {}

  /**
   * @param tcbStatus "" when no platform TCB level matches (then {@code tdx.tcb.level} must FAIL)
   * @param tcbKnown false when the TCB cannot be judged from the case's inputs
   */
  record Expected(
      boolean genuine,
      boolean tcbKnown,
      String tcbStatus,
      List<String> advisories,
      Map<String, String> fields) {
    static Expected of(JsonObject expectedJson, Function<JsonObject, JsonObject> part) {
      JsonObject bc = part.apply(expectedJson.getJsonObject("builder_computed"));
      JsonObject sa = expectedJson.getJsonObject("source_asserted");
      boolean genuine = bc.getBoolean("crypto_checks_all_pass");
      assertThat(expectedJson.getString("verdict"))
          .as("verdict text agrees with builder_computed")
          .contains(genuine ? "genuine" : "");

      String status = "";
      List<String> advisories = List.of();
      boolean tcbKnown = bc.containsKey("final_tcb_status") || bc.containsKey("platform_tcb_level");
      if (bc.containsKey("final_tcb_status")) {
        JsonObject fin = bc.getJsonObject("final_tcb_status");
        status = fin.getString("status");
        advisories = strings(fin.getJsonArray("advisory_ids"));
      } else if (bc.containsKey("platform_tcb_level")) {
        assertThat(bc.get("platform_tcb_level"))
            .as("no final status means no platform level matched")
            .isEqualTo(JsonValue.NULL);
      }
      if (sa != null
          && sa.get("tcb_status") instanceof JsonString s
          && s.getString().matches("[A-Za-z]+")) {
        assertThat(status)
            .as("source_asserted and builder_computed agree")
            .isEqualTo(s.getString());
        assertThat(advisories).isEqualTo(strings(sa.getJsonArray("advisory_ids")));
      }

      Map<String, String> fields = new LinkedHashMap<>();
      JsonObject body = bc.getJsonObject("quote").getJsonObject("body");
      body.forEach(
          (k, v) -> {
            assertThat(MEASUREMENT_KEYS)
                .as("decoded body field " + k + " is mapped to a teepol key")
                .containsKey(k);
            fields.put(MEASUREMENT_KEYS.get(k), scalar(v));
          });
      if (sa != null) {
        addAsserted(sa, fields);
        if (sa.get("measurement_registers") instanceof JsonObject regs) {
          addAsserted(regs, fields);
        }
      }
      return new Expected(genuine, tcbKnown, status, advisories, fields);
    }

    /**
     * source_asserted values for measurement fields; they must agree with the builder's decoding.
     */
    private static void addAsserted(JsonObject o, Map<String, String> fields) {
      o.forEach(
          (k, v) -> {
            String key = MEASUREMENT_KEYS.get(k);
            if (key != null) {
              String prev = fields.put(key, scalar(v));
              assertThat(prev == null || prev.equals(scalar(v)))
                  .as("source and builder agree on " + k)
                  .isTrue();
            }
          });
    }

    Expected withoutTcb() {
      return new Expected(genuine, false, "", List.of(), fields);
    }

    String decision() {
      return genuine && tcbKnown && "UpToDate".equals(tcbStatus) ? "ALLOW" : "DENY";
    }
  }

  private static void assertConforms(String name, Expected want, Observed got) {
    assertThat(got.genuine())
        .as(name + " genuine; checks: " + got.checks())
        .isEqualTo(want.genuine());
    assertThat(got.tcbStatus())
        .as(name + " TCB status; checks: " + got.checks())
        .isEqualTo(want.tcbStatus());
    assertThat(got.advisories()).as(name + " advisory ids").isEqualTo(want.advisories());
    assertThat(got.decision())
        .as(name + " baseline decision; checks: " + got.checks())
        .isEqualTo(want.decision());
    if (want.tcbKnown() && want.tcbStatus().isEmpty()) {
      assertThat(got.checks().get(TdxChecks.TCB_LEVEL))
          .as(name + " " + TdxChecks.TCB_LEVEL)
          .startsWith(new Outcome.Fail("").label());
    }
    want.fields()
        .forEach(
            (key, value) -> {
              String actual =
                  key.equals(REPORT_DATA) ? got.reportData() : got.measurements().get(key);
              assertThat(actual).as(name + " " + key).isEqualTo(value);
            });
  }

  // ---- small JSON and file helpers ----

  static String scalar(JsonValue v) {
    if (v instanceof JsonString s) {
      return s.getString();
    }
    if (v instanceof JsonNumber n) {
      return n.toString();
    }
    throw new AssertionError("not a scalar: " + v);
  }

  static List<String> strings(JsonArray a) {
    return a.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }

  static Map<String, String> stringMap(JsonObject o) {
    Map<String, String> m = new LinkedHashMap<>();
    o.forEach((k, v) -> m.put(k, scalar(v)));
    return m;
  }

  static Map<String, String> checkOutcomes(JsonArray checks) {
    Map<String, String> m = new LinkedHashMap<>();
    checks
        .getValuesAs(JsonObject.class)
        .forEach(
            c -> m.put(c.getString("id"), c.getString("outcome") + ": " + c.getString("reason")));
    return m;
  }

  static JsonObject readJson(Path p) throws IOException {
    try (var r = JsonOut.JSON.createReader(new StringReader(Files.readString(p)))) {
      return r.readObject();
    }
  }

  static List<Path> subdirs(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  /** Case directories: subdirectories holding an expected.json. */
  static List<Path> caseDirs(Path kindDir) throws IOException {
    return subdirs(kindDir).stream()
        .filter(d -> Files.isRegularFile(d.resolve("expected.json")))
        .toList();
  }
}
