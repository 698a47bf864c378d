package dev.teepol.providers.sevsnp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.providers.sevsnp.collateral.AmdCertificateDirectory;
import dev.teepol.providers.testsupport.Corpus;
import dev.teepol.providers.testsupport.StrictPolicy;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every real report of the corpus, read in place, with the certificates of its folder as supplied
 * evidence: genuine, and the decoded fields are the builder's.
 */
class SnpCorpusTest {
  static Appraisal appraise(Path caseDir, String file) throws Exception {
    JsonObject expected = Corpus.expected(caseDir);
    // The chain-only case gives no time: any instant inside its certificates' validity will do.
    Instant at =
        Instant.parse(
            expected.containsKey("verify_at")
                ? expected.getString("verify_at")
                : "2026-01-01T00:00:00Z");
    AppraisalContext ctx =
        AppraisalContext.offline(Clock.fixed(at, ZoneOffset.UTC))
            .withCollateral(new AmdCertificateDirectory(caseDir, Limits.DEFAULT));
    SnpProvider p = new SnpProvider();
    EvidenceSource src = EvidenceSource.read(caseDir.resolve(file), Limits.DEFAULT);
    assertThat(p.recognizes(src, Limits.DEFAULT)).as(file + " recognized").isTrue();
    return p.appraise(src, ctx);
  }

  static String checks(Appraisal a) {
    return a.checks().stream()
        .map(c -> c.id() + " " + c.outcome().label() + ": " + c.explanation())
        .collect(Collectors.joining("\n"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gosev-milan-v2-no-idblock",
        "oak-turin-v5-oc",
        "teep-tinfoil-genoa-v3-capture",
        "trustee-aws-milan-v3-vlek",
        "virtee-milan-v2",
        "dstack-snp-milan-scale-v0"
      })
  void everyRealReportIsGenuineWithTheBuildersFields(String name) throws Exception {
    Path dir = Corpus.caseDir("sev-snp", name);
    Appraisal a = appraise(dir, "report.bin");
    assertThat(a.genuine()).as(checks(a)).isTrue();
    assertThat(a.checks()).allMatch(CheckResult::passed, checks(a));
    JsonObject report =
        Corpus.expected(dir).getJsonObject("builder_computed").getJsonObject("report");
    var m = a.evidence().measurements();
    assertThat(m.get("measurement")).isEqualTo(report.getString("measurement"));
    assertThat(m.get("host_data")).isEqualTo(report.getString("host_data"));
    assertThat(m.get("chip_id")).isEqualTo(report.getString("chip_id"));
    assertThat(a.evidence().reportData()).isEqualTo(report.getString("report_data"));
    assertThat(Long.parseLong(m.get("policy"), 16))
        .isEqualTo(Long.decode(report.getString("policy")));
    assertThat(m.get("vmpl")).isEqualTo(Integer.toString(report.getInt("vmpl")));
    JsonObject parts =
        report.containsKey("reported_tcb_parts")
            ? report.getJsonObject("reported_tcb_parts")
            : null;
    if (parts != null) {
      parts.forEach(
          (k, v) ->
              assertThat(a.evidence().platform().tcb().components().get("reported." + k))
                  .as(k)
                  .isEqualTo(v.toString()));
    }
    boolean allEqual =
        report.getString("reported_tcb").equals(report.getString("current_tcb"))
            && report.getString("reported_tcb").equals(report.getString("committed_tcb"))
            && report.getString("reported_tcb").equals(report.getString("launch_tcb"));
    assertThat(a.evidence().platform().tcb().status())
        .isEqualTo(allEqual ? "UpToDate" : "OutOfDate");
    // builtin:strict: allowed exactly when the guest is not a debug guest and the TCBs agree.
    Verdict v = StrictPolicy.evaluate(a, Instant.EPOCH);
    assertThat(v.allowed())
        .as(name + " " + v.checks())
        .isEqualTo(allEqual && (Long.decode(report.getString("policy")) & (1L << 19)) == 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"virtee-turin-vcek-chain"})
  void aLoneVcekIsAChainCheck(String name) throws Exception {
    Path dir = Corpus.caseDir("sev-snp", name);
    Appraisal a = appraise(dir, "vcek.der");
    assertThat(a.check(SnpChecks.CHAIN).orElseThrow().passed()).as(checks(a)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dstack-snp-milan-scale-v0"})
  void dstackContainer(String name) throws Exception {
    Path dir = Corpus.caseDir("sev-snp", name);
    Appraisal a = appraise(dir, "attestation.bin");
    assertThat(a.genuine()).as(checks(a)).isTrue();
    JsonObject sa = Corpus.expected(dir).getJsonObject("source_asserted");
    assertThat(a.evidence().workload().appId()).isEqualTo(sa.getString("app_id"));
    assertThat(a.evidence().kms().provider()).isEqualTo("kms");
    assertThat(a.check(SnpChecks.DSTACK_MR_CONFIG).orElseThrow().passed()).isTrue();
    assertThat(a.check(SnpChecks.DSTACK_REPORT_DATA).orElseThrow().passed()).isTrue();
  }
}
