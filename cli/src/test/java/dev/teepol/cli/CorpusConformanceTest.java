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
   * A clock that fails the test if read. The runner gets {@link #STAND_IN_WALL_CLOCK} instead, and
   * {@link #everyCaseWithAVerificationTimeRunsAtIt} shows that no case with a time read it.
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

  /**
   * The "wall clock" of a case whose expected.json gives no time (only the chain-only SEV-SNP case
   * {@code virtee-turin-vcek-chain}): a fixed instant inside its certificates' validity, so the run
   * never depends on today's date.
   */
  static final Clock STAND_IN_WALL_CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void everyCaseWithAVerificationTimeRunsAtIt() throws Exception {
    for (JsonObject l : runnerLines()) {
      if (!l.getString("status").equals("passed")) {
        continue;
      }
      String[] kc = l.getString("case").split("/", 2);
      JsonObject expected =
          readJson(corpus().resolve(kc[0]).resolve(kc[1]).resolve("expected.json"));
      boolean timed =
          Stream.of("verify_at", "verify_at_unix")
              .anyMatch(k -> expected.containsKey(k) && !expected.isNull(k));
      assertThat(l.getString("clock"))
          .as(l.getString("case"))
          .isEqualTo(
              expected.containsKey("verify_at_unix")
                  ? "verify_at_unix"
                  : timed ? "verify_at" : dev.teepol.cli.report.TextReport.WALL_CLOCK);
    }
  }

  static synchronized List<JsonObject> runnerLines() throws Exception {
    if (lines == null) {
      List<JsonObject> out = new ArrayList<>();
      summary =
          new CorpusRunner(Providers.load(), STAND_IN_WALL_CLOCK, Limits.DEFAULT)
              .run(corpus(), out::add);
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
        // One line per case, even for a case with several evidence files (nras keeps two
        // responses in one case: the line is the worse one, both under "files").
        for (Path caseDir : caseDirs(kindDir)) {
          String name = kind + "/" + caseDir.getFileName();
          long lines = all.stream().filter(l -> l.getString("case").equals(name)).count();
          assertThat(lines).as(name + ": one line").isEqualTo(1);
          expectPassed++;
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
    assertThat(summary.decided()).isEqualTo(expectPassed);
    assertThat(summary.errors()).isZero();
    assertThat(summary.line())
        .isEqualTo(
            "corpus: "
                + expectPassed
                + " decided ("
                + summary.allowed()
                + " ALLOW, "
                + summary.denied()
                + " DENY), "
                + expectSkipped
                + " skipped, 0 errors");
    long allowLines = all.stream().filter(l -> l.getString("decision").equals("ALLOW")).count();
    assertThat(summary.allowed()).isEqualTo((int) allowLines);
  }

  @Test
  void theCommandPrintsTheSameLinesAndTheSummaryLast() throws Exception {
    CliRun r = CliRun.real("corpus", "run", corpus().toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.ALLOW);
    List<String> out = r.out().lines().toList();
    assertThat(out.get(out.size() - 1))
        .matches("corpus: \\d+ decided \\(\\d+ ALLOW, \\d+ DENY\\), \\d+ skipped, 0 errors");
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

  /**
   * sev-snp cases: every report the runner evaluated (report.bin, dstack's attestation.bin) is
   * genuine with the builder's decoded fields and check outcomes; builtin:strict ALLOWs exactly the
   * reports without DEBUG whose four TCB_VERSIONs agree; the chain-only case is a passing chain
   * check on a lone VCEK, denied (a certificate attests no guest).
   */
  @TestFactory
  Stream<DynamicTest> everySevSnpCaseConforms() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path caseDir : caseDirs(corpus().resolve("sev-snp"))) {
      String name = "sev-snp/" + caseDir.getFileName();
      JsonObject expected = readJson(caseDir.resolve("expected.json"));
      JsonObject bc = expected.getJsonObject("builder_computed");
      tests.add(
          DynamicTest.dynamicTest(
              name,
              () -> {
                List<JsonObject> mine =
                    runnerLines().stream().filter(l -> l.getString("case").equals(name)).toList();
                assertThat(mine).as(name + " evaluated").isNotEmpty();
                if (!bc.containsKey("report")) {
                  // Certificates only: the verdict is about the chain.
                  assertThat(expected.getString("verdict")).contains("chain valid");
                  JsonObject line = mine.get(0);
                  assertThat(mine).hasSize(1);
                  Map<String, String> checks = checkOutcomes(line.getJsonArray("checks"));
                  assertOutcome(
                      name,
                      checks,
                      "sev-snp.chain",
                      bc.getBoolean("ask_signed_by_ark") && bc.getBoolean("vcek_signed_by_ask"));
                  assertThat(line.getString("decision")).isEqualTo("DENY");
                  assertThat(line.getBoolean("genuine")).isFalse();
                  return;
                }
                JsonObject report = bc.getJsonObject("report");
                JsonObject verification = bc.getJsonObject("verification");
                boolean genuine = expected.getString("verdict").contains("genuine");
                boolean debug = (Long.decode(report.getString("policy")) & (1L << 19)) != 0;
                String tcb = report.getString("reported_tcb");
                boolean agree =
                    tcb.equals(report.getString("current_tcb"))
                        && tcb.equals(report.getString("committed_tcb"))
                        && tcb.equals(report.getString("launch_tcb"));
                String status = agree ? "UpToDate" : "OutOfDate";
                JsonObject sa = expected.getJsonObject("source_asserted");
                if (sa != null && sa.containsKey("tcb_status")) {
                  assertThat(sa.getString("tcb_status")).isEqualTo(status);
                }
                for (JsonObject line : mine) {
                  String what = name + " " + line.getString("evidence");
                  Map<String, String> checks = checkOutcomes(line.getJsonArray("checks"));
                  assertThat(line.getBoolean("genuine"))
                      .as(what + " genuine; " + checks)
                      .isEqualTo(genuine);
                  assertThat(line.getString("tcb_status")).as(what).isEqualTo(status);
                  assertThat(line.getString("decision"))
                      .as(what + " builtin:strict; " + checks)
                      .isEqualTo(genuine && !debug && agree ? "ALLOW" : "DENY");
                  assertOutcome(
                      what,
                      checks,
                      "sev-snp.report.signature",
                      verification.getBoolean("report_signature"));
                  String leaf = verification.containsKey("vlek_tcb") ? "vlek" : "vcek";
                  String ca = leaf.equals("vlek") ? "asvk" : "ask";
                  assertOutcome(
                      what,
                      checks,
                      "sev-snp.chain",
                      verification.getBoolean(leaf + "_signed_by_" + ca)
                          && verification.getBoolean(ca + "_signed_by_ark"));
                  assertOutcome(
                      what,
                      checks,
                      "sev-snp.vcek.tcb",
                      verification.getBoolean(leaf + "_tcb_equals_reported_tcb"));
                  assertOutcome(
                      what,
                      checks,
                      "sev-snp.vcek.chip_id",
                      leaf.equals("vlek") || verification.getBoolean("vcek_hwid_equals_chip_id"));
                  Map<String, String> m = stringMap(line.getJsonObject("measurements"));
                  for (String k :
                      List.of(
                          "measurement",
                          "host_data",
                          "id_key_digest",
                          "author_key_digest",
                          "family_id",
                          "image_id",
                          "chip_id",
                          "report_id")) {
                    if (report.containsKey(k)) {
                      assertThat(m.get(k)).as(what + " " + k).isEqualTo(report.getString(k));
                    }
                  }
                  assertThat(line.getString("report_data"))
                      .as(what + " report_data")
                      .isEqualTo(report.getString("report_data"));
                  assertThat(m.get("guest_svn"))
                      .isEqualTo(Integer.toString(report.getInt("guest_svn")));
                  assertThat(m.get("vmpl")).isEqualTo(Integer.toString(report.getInt("vmpl")));
                  assertThat(Long.parseLong(m.get("policy"), 16))
                      .isEqualTo(Long.decode(report.getString("policy")));
                }
              }));
    }
    return tests.stream();
  }

  /**
   * dstack's SEV-SNP container: identity comes from the mr_config document HOST_DATA commits to
   * (bound mr_config), as its source asserts; the runtime events' OS image hash stays
   * self-reported.
   */
  @Test
  void theDstackSevSnpContainerTakesItsIdentityFromMrConfig() throws Exception {
    Path caseDir = corpus().resolve("sev-snp").resolve("dstack-snp-milan-scale-v0");
    assumeTrue(Files.isDirectory(caseDir), "case absent");
    JsonObject expected = readJson(caseDir.resolve("expected.json"));
    JsonObject sa = expected.getJsonObject("source_asserted");
    try (TeepolVerifier v =
        TeepolVerifier.builder()
            .clock(Clock.fixed(Instants.parse(expected.getString("verify_at")), ZoneOffset.UTC))
            .amdCertificates(caseDir)
            .build()) {
      VerificationResult r = v.verify(caseDir.resolve("attestation.bin"), VerifyOptions.defaults());
      var e = r.appraisal().evidence();
      assertThat(r.appraisal().genuine()).as(r.checks().toString()).isTrue();
      assertThat(e.workload().appId()).isEqualTo(sa.getString("app_id"));
      assertThat(e.bound().get("workload.app_id").label()).isEqualTo("mr_config");
      assertThat(e.measurements().get("host_data")).isEqualTo(sa.getString("host_data"));
      assertThat(e.measurements().get("measurement"))
          .startsWith(sa.getString("measurement_prefix"));
      assertThat(e.platform().tcb().status()).isEqualTo(sa.getString("tcb_status"));
      assertThat(
              new String(
                  dev.teepol.core.bytes.Hex.decode(e.reportData()),
                  java.nio.charset.StandardCharsets.US_ASCII))
          .startsWith(sa.getString("report_data_marker"));
      assertThat(e.bound().get("workload.os_image_hash").label()).isEqualTo("self_reported");
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
  /**
   * Sigstore releases: every material the builder verified passes, the predicate's reference values
   * and the signer's identity are the builder's; builtin:strict denies only because a release is no
   * TEE evidence.
   */
  @TestFactory
  Stream<DynamicTest> everySigstoreCaseConforms() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path caseDir : caseDirs(corpus().resolve("sigstore"))) {
      String name = "sigstore/" + caseDir.getFileName();
      tests.add(
          DynamicTest.dynamicTest(
              name,
              () -> {
                JsonObject expected = readJson(caseDir.resolve("expected.json"));
                JsonObject bc = expected.getJsonObject("builder_computed");
                List<JsonObject> mine =
                    runnerLines().stream().filter(l -> l.getString("case").equals(name)).toList();
                assertThat(mine).as("one line per release case").hasSize(1);
                JsonObject line = mine.get(0);
                assertThat(line.getString("status")).isEqualTo("passed");
                assertThat(expected.getString("verdict")).contains("genuine");
                assertThat(line.getBoolean("genuine")).isTrue();
                Map<String, String> checks = checkOutcomes(line.getJsonArray("checks"));
                assertOutcome(
                    name, checks, "sigstore.certificate.chain", bc.getBoolean("chain_ok"));
                assertOutcome(
                    name, checks, "sigstore.signature", bc.getBoolean("dsse_signature_ok"));
                assertOutcome(name, checks, "sigstore.tlog.set", bc.getBoolean("set_ok"));
                assertOutcome(
                    name,
                    checks,
                    "sigstore.tlog.inclusion_proof",
                    bc.getBoolean("inclusion_proof_ok"));
                assertOutcome(
                    name, checks, "sigstore.tlog.checkpoint", bc.getBoolean("checkpoint_sig_ok"));
                assertOutcome(
                    name,
                    checks,
                    "sigstore.certificate.time",
                    bc.getBoolean("leaf_valid_at_integrated_time"));
                assertOutcome(
                    name,
                    checks,
                    "sigstore.subject.digest",
                    bc.getBoolean("subject_digest_equals_release_digest"));
                assertThat(
                        checks.entrySet().stream()
                            .filter(e -> !e.getValue().startsWith("PASS"))
                            .map(Map.Entry::getKey))
                    .as(
                        "a release alone is no TEE evidence, so builtin:strict denies it for that only"
                            + " (its TCB rules apply to TEEs with a vendor TCB)")
                    .containsExactly("policy.substrate.tee");
                assertThat(line.getString("decision")).isEqualTo("DENY");
                JsonObject pm = bc.getJsonObject("predicate_measurements");
                Map<String, String> m = stringMap(line.getJsonObject("measurements"));
                if (pm.containsKey("snp_measurement")) {
                  assertThat(m.get("measurement")).isEqualTo(pm.getString("snp_measurement"));
                  assertThat(m.get("rtmr1"))
                      .isEqualTo(pm.getJsonObject("tdx_measurement").getString("rtmr1"));
                  assertThat(m.get("rtmr2"))
                      .isEqualTo(pm.getJsonObject("tdx_measurement").getString("rtmr2"));
                }
                JsonObject ext = bc.getJsonObject("fulcio_extensions");
                JsonObject p = line.getJsonArray("provenance").getJsonObject(0);
                assertThat(p.getString("predicate_type")).isEqualTo(bc.getString("predicateType"));
                assertThat(p.getString("repository"))
                    .isEqualTo(ext.getString("1.3.6.1.4.1.57264.1.12"));
                assertThat(p.getString("commit"))
                    .isEqualTo(ext.getString("1.3.6.1.4.1.57264.1.13"));
                assertThat(p.getString("issuer")).isEqualTo(ext.getString("1.3.6.1.4.1.57264.1.8"));
                assertThat(p.getString("digest"))
                    .isEqualTo(
                        "sha256:"
                            + bc.getJsonArray("subject")
                                .getJsonObject(0)
                                .getJsonObject("digest")
                                .getString("sha256"));
                assertThat(p.getBoolean("verified")).isTrue();
              }));
    }
    assertThat(tests).as("sigstore cases").isNotEmpty();
    return tests.stream();
  }

  /**
   * Tinfoil end to end: the hardware verifies, every release verifies with the identity in
   * policy_inputs, and each register tie the builder computed holds (or fails) as the builder says.
   */
  @TestFactory
  Stream<DynamicTest> everyTinfoilCaseConforms() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path caseDir : caseDirs(corpus().resolve("tinfoil"))) {
      String name = "tinfoil/" + caseDir.getFileName();
      tests.add(
          DynamicTest.dynamicTest(
              name,
              () -> {
                JsonObject expected = readJson(caseDir.resolve("expected.json"));
                JsonObject bc = expected.getJsonObject("builder_computed");
                List<JsonObject> mine =
                    runnerLines().stream().filter(l -> l.getString("case").equals(name)).toList();
                assertThat(mine).as("one line per Tinfoil document").hasSize(1);
                JsonObject line = mine.get(0);
                Map<String, String> checks = checkOutcomes(line.getJsonArray("checks"));
                boolean accept = expected.getString("verdict").startsWith("ACCEPT");
                assertThat(line.getString("decision"))
                    .as(name + " " + checks)
                    .isEqualTo(accept ? "ALLOW" : "DENY");
                assertThat(line.getBoolean("genuine"))
                    .isEqualTo(expected.getString("verdict").contains("genuine"));
                Map<String, String> m = stringMap(line.getJsonObject("measurements"));
                bc.getJsonObject("registers")
                    .forEach(
                        (k, v) ->
                            assertThat(m.get(k)).as(k).isEqualTo(((JsonString) v).getString()));
                assertOutcome(
                    name,
                    checks,
                    "tinfoil.release.deployment",
                    bc.getBoolean("register_ties_all_hold"));
                if (bc.getJsonObject("registers").containsKey("measurement")) {
                  assertOutcome(
                      name,
                      checks,
                      "tinfoil.registers.snp_measurement",
                      bc.getJsonArray("register_ties").getJsonObject(0).getBoolean("equal"));
                }
                JsonObject releases = bc.getJsonObject("releases");
                for (String label : releases.keySet()) {
                  JsonObject rel = releases.getJsonObject(label);
                  JsonObject bundle = rel.getJsonObject("bundle_checks");
                  String prefix = "release." + label + ":";
                  assertOutcome(
                      name,
                      checks,
                      prefix + "sigstore.certificate.chain",
                      bundle.getBoolean("chain_ok"));
                  assertOutcome(
                      name,
                      checks,
                      prefix + "sigstore.signature",
                      bundle.getBoolean("dsse_signature_ok"));
                  assertOutcome(
                      name, checks, prefix + "sigstore.tlog.set", bundle.getBoolean("set_ok"));
                  assertOutcome(
                      name,
                      checks,
                      prefix + "sigstore.tlog.inclusion_proof",
                      bundle.getBoolean("inclusion_proof_ok"));
                  assertOutcome(
                      name,
                      checks,
                      prefix + "sigstore.tlog.checkpoint",
                      bundle.getBoolean("checkpoint_sig_ok"));
                  assertOutcome(
                      name,
                      checks,
                      prefix + "sigstore.certificate.time",
                      bundle.getBoolean("leaf_valid_at_integrated_time"));
                  assertOutcome(
                      name,
                      checks,
                      prefix + "sigstore.subject.digest",
                      bundle.getBoolean("subject_digest_equals_release_digest"));
                  assertOutcome(name, checks, prefix + "sigstore.identity", true);
                  assertThat(line.getJsonArray("provenance").getValuesAs(JsonObject.class))
                      .anySatisfy(
                          p -> {
                            assertThat(p.getString("commit")).isEqualTo(rel.getString("commit"));
                            assertThat(p.getString("predicate_type"))
                                .isEqualTo(rel.getString("predicateType"));
                            assertThat(p.getBoolean("verified")).isTrue();
                          });
                }
              }));
    }
    assertThat(tests).as("tinfoil cases").isNotEmpty();
    return tests.stream();
  }

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
    if (expected.containsKey("expected_audience")) {
      options.audience(expected.getString("expected_audience"));
    }
    if (expected.containsKey("expected_eat_nonce")) {
      options.nonce(
          expected
              .getString("expected_eat_nonce")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
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

  /**
   * Confidential Space tokens: each verifies at its verify_at with the relying party's audience and
   * eat_nonce (the runner's only inputs), against the embedded root that the case's copy equals;
   * the runner's builtin:strict decision is the production-policy decision of expected.json, and
   * the claims in the model are the builder's decoded claims.
   */
  @TestFactory
  Stream<DynamicTest> everyConfidentialSpaceCaseConforms() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path caseDir : caseDirs(corpus().resolve("confidential-space"))) {
      String name = "confidential-space/" + caseDir.getFileName();
      tests.add(
          DynamicTest.dynamicTest(
              name,
              () -> {
                JsonObject expected = readJson(caseDir.resolve("expected.json"));
                JsonObject bc = expected.getJsonObject("builder_computed");
                JsonObject line =
                    runnerLines().stream()
                        .filter(l -> l.getString("case").equals(name))
                        .findFirst()
                        .orElseThrow();
                assertThat(line.getString("status")).isEqualTo("passed");
                assertThat(line.getBoolean("genuine"))
                    .as(name + " genuine")
                    .isEqualTo(expected.getBoolean("expected_genuine"));
                assertThat(line.getString("decision"))
                    .as(name + " decision; " + line.getJsonArray("checks"))
                    .isEqualTo(expected.getString("expected_decision_production_policy"));
                Map<String, String> outcomes = checkOutcomes(line.getJsonArray("checks"));
                for (String id :
                    List.of(
                        "confidential-space.token.parse",
                        "confidential-space.token.signature",
                        "confidential-space.token.chain",
                        "confidential-space.token.time",
                        "confidential-space.token.issuer",
                        "confidential-space.token.audience",
                        "confidential-space.token.nonce",
                        "confidential-space.token.claims")) {
                  assertThat(outcomes.get(id)).as(name + " " + id).startsWith("PASS");
                }
                assertThat(bc.getJsonObject("checks").values())
                    .as(name + " builder checks")
                    .allMatch(v -> v == JsonValue.TRUE);
                // The case's root is a copy of the embedded one, and x5c ends in it.
                String embedded =
                    Certificates.sha256Hex(
                        TrustAnchors.defaults()
                            .get(TrustAnchors.GOOGLE_CONFIDENTIAL_SPACE_ROOT)
                            .get(0));
                assertThat(bc.getJsonObject("trust_anchor").getString("sha256_der"))
                    .isEqualTo(embedded);
                assertThat(
                        bc.getJsonArray("x5c")
                            .getJsonObject(bc.getJsonArray("x5c").size() - 1)
                            .getString("sha256_der"))
                    .isEqualTo(embedded);

                Appraisal a = appraiseLikeTheRunner(caseDir, "confidential-space", expected);
                JsonObject claims = bc.getJsonObject("claims");
                var e = a.evidence();
                var cs = e.confidentialSpace();
                assertThat(cs.hwmodel()).isEqualTo(claims.getString("hwmodel"));
                assertThat(e.platform().tee())
                    .isEqualTo(
                        Map.of(
                                "GCP_INTEL_TDX", "tdx",
                                "GCP_AMD_SEV", "sev",
                                "GCP_AMD_SEV_ES", "sev-es",
                                "GCP_SHIELDED_VM", "none")
                            .get(claims.getString("hwmodel")));
                assertThat(cs.dbgstat()).isEqualTo(claims.getString("dbgstat"));
                assertThat(e.platform().debug())
                    .isEqualTo(!"disabled-since-boot".equals(claims.getString("dbgstat")));
                assertThat(cs.swname()).isEqualTo(claims.getString("swname"));
                assertThat(cs.swversion()).isEqualTo(strings(claims.getJsonArray("swversion")));
                assertThat(cs.secboot()).isEqualTo(claims.getBoolean("secboot"));
                JsonObject submods = claims.getJsonObject("submods");
                JsonObject container = submods.getJsonObject("container");
                assertThat(e.workload().imageDigests())
                    .containsExactly(container.getString("image_digest"));
                assertThat(cs.container().imageReference())
                    .isEqualTo(container.getString("image_reference"));
                assertThat(cs.container().args())
                    .isEqualTo(strings(container.getJsonArray("args")));
                assertThat(cs.container().env())
                    .isEqualTo(stringMap(container.getJsonObject("env")));
                assertThat(cs.container().restartPolicy())
                    .isEqualTo(container.getString("restart_policy"));
                JsonObject gce = submods.getJsonObject("gce");
                assertThat(cs.gce().projectId()).isEqualTo(gce.getString("project_id"));
                assertThat(cs.gce().instanceId()).isEqualTo(gce.getString("instance_id"));
                assertThat(cs.googleServiceAccounts())
                    .isEqualTo(strings(claims.getJsonArray("google_service_accounts")));
                JsonObject csm = submods.getJsonObject("confidential_space");
                List<String> support =
                    csm.containsKey("support_attributes")
                        ? strings(csm.getJsonArray("support_attributes"))
                        : List.of();
                assertThat(cs.supportAttributes()).isEqualTo(support);
                boolean production =
                    "disabled-since-boot".equals(cs.dbgstat())
                        && "CONFIDENTIAL_SPACE".equals(cs.swname())
                        && cs.supportAttributes().contains("STABLE");
                assertThat(production)
                    .isEqualTo(
                        bc.getJsonObject("production_policy").getBoolean("production_image"));
                if (claims.containsKey("tdx")) {
                  assertThat(e.platform().tcb().status())
                      .isEqualTo(claims.getJsonObject("tdx").getString("gcp_attester_tcb_status"));
                }
                assertThat(e.nonce().matches()).isTrue();
              }));
    }
    assertThat(tests).as("confidential-space cases").isNotEmpty();
    return tests.stream();
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
