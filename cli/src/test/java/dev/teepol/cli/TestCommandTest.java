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
    assertThat(r.out().lines())
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
    assertThat(r.out().lines())
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
}
