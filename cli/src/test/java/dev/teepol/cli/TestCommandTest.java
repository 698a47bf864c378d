package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** teepol test on suites written next to a policy, with the committed simulated TDX evidence. */
class TestCommandTest {
  @TempDir Path tmp;
  private Path policy;
  private String tdx;

  @BeforeEach
  void policy() throws Exception {
    policy =
        Files.writeString(tmp.resolve("sim.yaml"), PolicyCliTest.pinPolicy(PolicyCliTest.MRTD));
    // Paths in a suite are relative to the suite file, as they would be in a repository.
    tdx =
        tmp.toAbsolutePath()
            .relativize(ExamplesCliTest.TDX.toAbsolutePath().normalize())
            .toString();
  }

  private String raw(String quote, String collateral) {
    return "{file: %s/%s, collateral: %s/%s, trustAnchor: %s/root_ca.der, at: 2025-01-01T00:00:00Z}"
        .formatted(tdx, quote, tdx, collateral, tdx);
  }

  private Path suite(String name, String cases) throws Exception {
    return Files.writeString(tmp.resolve(name), "policy: sim.yaml\ncases:\n" + cases);
  }

  private String genuine(String expect) {
    return "  - name: genuine node\n    evidence: "
        + raw("quote.bin", "collateral")
        + "\n    expect: "
        + expect
        + "\n";
  }

  private String outOfDate(String expect) {
    return "  - name: out of date\n    evidence: "
        + raw("broken/tcb-out-of-date/quote.bin", "collateral")
        + "\n    expect: "
        + expect
        + "\n";
  }

  private static final String AMD =
      """
        - name: AMD evidence for a TDX claim
          at: 2025-01-01T00:00:00Z
          normalized:
            kind: sev-snp
            platform: {tee: sev-snp, vendor: amd, debug: false, tcb: {status: UpToDate}}
            measurements: {measurement: "ab12"}
            bound: {measurements.measurement: hardware}
            checks: {sev-snp.report.signature: {outcome: PASS, category: SIGNATURE}}
          expect: {decision: DENY, failing: [policy.substrate.tee, policy.measurements.bundle], outputs: {tier: 0}}
      """;

  @Test
  void passingSuitePrintsOneLinePerCaseAndTheSummaryAndExitsZero() throws Exception {
    Path s =
        suite(
            "sim.tests.yaml",
            genuine("{decision: ALLOW, outputs: {tier: 2}}")
                + outOfDate("{decision: DENY, failing: [policy.tcb.status, policy.tcb.advisories]}")
                + AMD);
    CliRun r = CliRun.real("test", s.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.ALLOW);
    assertThat(r.out().lines())
        .containsExactly(
            "PASS " + s + " › genuine node",
            "PASS " + s + " › out of date",
            "PASS " + s + " › AMD evidence for a TDX claim",
            "3 passed, 0 failed");
  }

  @Test
  void wrongDecisionWrongFailingSetAndOutputMismatchEachFailTheirCaseAndExitOne() throws Exception {
    Path s =
        suite(
            "sim.tests.yaml",
            genuine("{decision: DENY, failing: [policy.tcb.status]}")
                + outOfDate("{decision: DENY, failing: [policy.tcb.status]}")
                + AMD.replace("tier: 0", "tier: 1"));
    CliRun r = CliRun.real("test", s.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(r.out().lines().filter(l -> !l.startsWith("    ")))
        .containsExactly(
            "FAIL "
                + s
                + " › genuine node: expected DENY, got ALLOW; expected failing checks that did not fail [policy.tcb.status]",
            "FAIL " + s + " › out of date: unexpected failing checks [policy.tcb.advisories]",
            "FAIL " + s + " › AMD evidence for a TDX claim: output tier: expected 1, got 0",
            "0 passed, 3 failed");
  }

  @Test
  void directoriesAreSearchedRecursivelyAndTheDefaultPolicyIsTheSuitesName() throws Exception {
    Files.writeString(tmp.resolve("sim.tests.yaml"), "cases:\n" + genuine("{decision: ALLOW}"));
    Path sub = Files.createDirectories(tmp.resolve("nested"));
    Files.writeString(
        sub.resolve("strict.tests.yaml"),
        "policy: builtin:strict\ncases:\n"
            + genuine("{decision: ALLOW}").replace(tdx, "../" + tdx)
            + outOfDate("{decision: ALLOW}").replace(tdx, "../" + tdx));
    CliRun r = CliRun.real("test", tmp.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(r.out().lines().filter(l -> !l.startsWith("    ")))
        .containsExactly(
            "PASS " + sub.resolve("strict.tests.yaml") + " › genuine node",
            "FAIL "
                + sub.resolve("strict.tests.yaml")
                + " › out of date: expected ALLOW, got DENY (failing: [policy.tcb.advisories, policy.tcb.status])",
            "PASS " + tmp.resolve("sim.tests.yaml") + " › genuine node",
            "2 passed, 1 failed");
  }

  @Test
  void aBrokenSuiteOrPolicyExitsTwoAndNamesThePosition() throws Exception {
    Path typo = suite("typo.tests.yaml", AMD.replace("vendor: amd", "vendr: amd"));
    CliRun r = CliRun.real("test", typo.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.err())
        .contains(typo + ":7:32: error: unknown key 'vendr'", "did you mean 'vendor'?");
    assertThat(r.out()).contains("ERROR " + typo + ": suite cannot run", "0 passed, 0 failed");

    Files.writeString(
        policy, PolicyCliTest.pinPolicy(PolicyCliTest.MRTD).replace("substrate:", "substrat:"));
    Path ok = suite("sim.tests.yaml", AMD);
    CliRun p = CliRun.real("test", ok.toString());
    assertThat(p.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(p.err())
        .contains(policy + ":5:3: error: unknown key 'substrat'", "does not compile");
  }

  @Test
  void anExpectedOutputThePolicyDoesNotDefineIsASuiteError() throws Exception {
    Path s = suite("sim.tests.yaml", AMD.replace("outputs: {tier: 0}", "outputs: {teir: 0}"));
    CliRun r = CliRun.real("test", s.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.err()).contains("expects output 'teir'", "did you mean 'tier'?");
  }

  @Test
  void noSuiteFoundIsAnErrorNotAGreenRun() throws Exception {
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    CliRun r = CliRun.real("test", empty.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.errLines()).containsExactly("teepol: " + empty + ": no *.tests.yaml suite found");
  }

  @Test
  void junitXmlIsWellFormedWithOneSuitePerFileOneCasePerCaseAndTheFailures() throws Exception {
    Path good = suite("sim.tests.yaml", genuine("{decision: ALLOW}") + AMD);
    Path bad = suite("bad.tests.yaml", outOfDate("{decision: ALLOW}"));
    Path broken = suite("broken.tests.yaml", AMD.replace("vendor: amd", "vendr: amd"));
    Path xml = tmp.resolve("out/report.xml");
    Files.createDirectories(xml.getParent());
    CliRun r =
        CliRun.real(
            "test",
            "--format",
            "junit",
            "--output",
            xml.toString(),
            good.toString(),
            bad.toString(),
            broken.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.out()).contains("2 passed, 1 failed");

    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    Element root = doc.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    assertThat(
            List.of(
                root.getAttribute("tests"),
                root.getAttribute("failures"),
                root.getAttribute("errors")))
        .containsExactly("4", "1", "1");
    NodeList suites = root.getElementsByTagName("testsuite");
    assertThat(suites.getLength()).isEqualTo(3);
    Element first = (Element) suites.item(0);
    assertThat(first.getAttribute("name")).isEqualTo(good.toString());
    assertThat(first.getAttribute("tests")).isEqualTo("2");
    assertThat(first.getAttribute("failures")).isEqualTo("0");
    assertThat(first.getElementsByTagName("testcase").getLength()).isEqualTo(2);
    Element second = (Element) suites.item(1);
    assertThat(second.getAttribute("failures")).isEqualTo("1");
    Element failure = (Element) second.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).startsWith("expected ALLOW, got DENY");
    Element third = (Element) suites.item(2);
    assertThat(third.getAttribute("errors")).isEqualTo("1");
    assertThat(((Element) third.getElementsByTagName("error").item(0)).getAttribute("message"))
        .contains("unknown key 'vendr'");
  }

  @Test
  void junitWithoutOutputWritesOnlyTheXmlToStdout() throws Exception {
    Path good = suite("sim.tests.yaml", AMD);
    CliRun r = CliRun.real("test", "--format", "junit", good.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.ALLOW);
    assertThat(r.out()).startsWith("<?xml").doesNotContain("PASS ");
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(
                new java.io.ByteArrayInputStream(
                    r.out().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getAttribute("tests")).isEqualTo("1");
  }

  @Test
  void aFailedCaseListsTheChecksThatDidNotPassWithTheirReasons() throws Exception {
    Path s = suite("sim.tests.yaml", outOfDate("{decision: ALLOW}"));
    CliRun r = CliRun.real("test", s.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("FAIL " + s + " › out of date: expected ALLOW, got DENY");
    assertThat(lines.subList(1, 3))
        .containsExactlyInAnyOrder(
            "    ✗ policy.tcb.status      TCB status is OutOfDate; allowed: [UpToDate]  ["
                + policy
                + ":5:3]",
            "    ✗ policy.tcb.advisories  advisories not allowed: [INTEL-SA-01036, INTEL-SA-01099]  ["
                + policy
                + ":5:3]");
  }

  @Test
  void manyFailingChecksAreCutAtTenUnlessVerbose() throws Exception {
    StringBuilder rules = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      rules.append("    - {name: r").append(i).append(", expression: \"false\"}\n");
    }
    Files.writeString(
        policy,
        PolicyCliTest.pinPolicy(PolicyCliTest.MRTD)
            .replace("  outputs:", "  rules:\n" + rules + "  outputs:"));
    Path s =
        suite(
            "sim.tests.yaml",
            AMD.replace(
                "{decision: DENY, failing: [policy.substrate.tee, policy.measurements.bundle],"
                    + " outputs: {tier: 0}}",
                "{decision: ALLOW}"));
    CliRun r = CliRun.real("test", s.toString());
    assertThat(r.out()).as(r.err()).contains("    … and 4 more (--verbose lists all)");
    assertThat(r.out().lines().filter(l -> l.startsWith("    ✗")).count()).isEqualTo(10);
    CliRun all = CliRun.real("test", "--verbose", s.toString());
    assertThat(all.out().lines().filter(l -> l.startsWith("    ✗")).count()).isEqualTo(14);
    assertThat(all.out()).doesNotContain("more (--verbose");
  }

  @Test
  void caseRunsOnlyTheNamedCasesAndAnUnknownNameIsBadUsage() throws Exception {
    Path s =
        suite(
            "sim.tests.yaml", genuine("{decision: ALLOW}") + outOfDate("{decision: ALLOW}") + AMD);
    CliRun one = CliRun.real("test", s.toString(), "--case", "genuine node");
    assertThat(one.exitCode()).as(one.out() + one.err()).isEqualTo(ExitCodes.ALLOW);
    assertThat(one.out().lines())
        .containsExactly("PASS " + s + " › genuine node", "1 passed, 0 failed");
    CliRun two =
        CliRun.real(
            "test",
            s.toString(),
            "--case",
            "out of date",
            "--case",
            "AMD evidence for a TDX claim");
    assertThat(two.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(two.out()).contains("1 passed, 1 failed").doesNotContain("genuine node");
    CliRun none = CliRun.real("test", s.toString(), "--case", "genuine");
    assertThat(none.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(none.errLines())
        .containsExactly("teepol: --case: no case named genuine in 1 suite(s)");
  }

  @Test
  void quietPrintsOnlyFailuresAndVerboseTheDecisionOfEachPass() throws Exception {
    Path s = suite("sim.tests.yaml", genuine("{decision: ALLOW}") + outOfDate("{decision: ALLOW}"));
    CliRun quiet = CliRun.real("test", "-q", s.toString());
    assertThat(quiet.out())
        .doesNotContain("PASS")
        .contains("FAIL " + s + " › out of date", "1 passed, 1 failed");
    CliRun verbose = CliRun.real("test", "--verbose", s.toString());
    assertThat(verbose.out()).contains("PASS " + s + " › genuine node  (ALLOW)");
  }

  @Test
  void jsonIsOneDocumentWithSuitesCasesOutcomesProblemsAndFailingChecks() throws Exception {
    Path good =
        suite("sim.tests.yaml", genuine("{decision: ALLOW}") + outOfDate("{decision: ALLOW}"));
    Path broken = suite("broken.tests.yaml", AMD.replace("vendor: amd", "vendr: amd"));
    CliRun r = CliRun.real("test", "--format", "json", good.toString(), broken.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    jakarta.json.JsonObject doc = VerifyCommandTest.parse(r.out());
    assertThat(doc.getString("schema")).isEqualTo("teepol.dev/test/v1");
    assertThat(List.of(doc.getInt("passed"), doc.getInt("failed"), doc.getInt("broken")))
        .containsExactly(1, 1, 1);
    jakarta.json.JsonObject first = doc.getJsonArray("suites").getJsonObject(0);
    assertThat(first.getString("suite")).isEqualTo(good.toString());
    assertThat(first.getString("status")).isEqualTo("ran");
    jakarta.json.JsonObject pass = first.getJsonArray("cases").getJsonObject(0);
    assertThat(pass.getString("outcome")).isEqualTo("PASS");
    assertThat(pass.getString("decision")).isEqualTo("ALLOW");
    assertThat(pass.getJsonArray("problems")).isEmpty();
    jakarta.json.JsonObject fail = first.getJsonArray("cases").getJsonObject(1);
    assertThat(fail.getString("name")).isEqualTo("out of date");
    assertThat(fail.getString("outcome")).isEqualTo("FAIL");
    assertThat(fail.getString("decision")).isEqualTo("DENY");
    assertThat(fail.getJsonArray("problems").getString(0)).startsWith("expected ALLOW, got DENY");
    assertThat(fail.getJsonArray("failing").getValuesAs(jakarta.json.JsonObject.class))
        .extracting(o -> o.getString("id") + " " + o.getString("outcome"))
        .containsExactlyInAnyOrder("policy.tcb.status FAIL", "policy.tcb.advisories FAIL");
    jakarta.json.JsonObject second = doc.getJsonArray("suites").getJsonObject(1);
    assertThat(second.getString("status")).isEqualTo("broken");
    assertThat(second.getString("error")).contains("unknown key 'vendr'");
    assertThat(r.out()).doesNotContain("PASS " + good);
  }

  @Test
  void jsonWithOutputWritesTheFileAndKeepsTheTextLines() throws Exception {
    Path good = suite("sim.tests.yaml", AMD);
    Path out = tmp.resolve("report.json");
    CliRun r = CliRun.real("test", "--format", "json", "--output", out.toString(), good.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.ALLOW);
    assertThat(r.out()).contains("PASS " + good);
    assertThat(VerifyCommandTest.parse(Files.readString(out)).getInt("passed")).isEqualTo(1);
    CliRun text = CliRun.real("test", "--output", out.toString(), good.toString());
    assertThat(text.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(text.errLines())
        .containsExactly("teepol: --output: only with --format json or junit");
  }
}
