package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code teepol verify A B C}: one verdict each, the worst exit code. */
class VerifyManyTest {
  @TempDir Path dir;

  private Path file(String name, byte[] content) throws Exception {
    return Files.write(dir.resolve(name), content);
  }

  @Test
  void textPrintsOneReportAfterAnotherAndExitsWithTheWorst() throws Exception {
    Path a = file("a.bin", FakeProvider.ALLOW);
    Path d = file("d.bin", FakeProvider.DENY);
    CliRun both = CliRun.fake("verify", a.toString(), d.toString(), "--at", "1735689600");
    assertThat(both.exitCode()).isEqualTo(ExitCodes.DENY);
    String out = both.out();
    assertThat(out.indexOf("evidence:     " + a)).isGreaterThanOrEqualTo(0);
    assertThat(out.indexOf("evidence:     " + d)).isGreaterThan(out.indexOf("decision: ALLOW"));
    assertThat(out.lines().filter(l -> l.startsWith("decision: ")).toList())
        .containsExactly(
            "decision: ALLOW",
            "decision: DENY — policy.tcb.status: "
                + "TCB status is OutOfDate; allowed: [UpToDate]");
    CliRun allow = CliRun.fake("verify", a.toString(), a.toString(), "--at", "1735689600");
    assertThat(allow.exitCode()).isEqualTo(ExitCodes.ALLOW);
  }

  @Test
  void jsonIsOneCompactDocumentPerLineInArgumentOrder() throws Exception {
    Path a = file("a.bin", FakeProvider.ALLOW);
    Path d = file("d.bin", FakeProvider.DENY);
    CliRun r =
        CliRun.fake("verify", d.toString(), a.toString(), "--at", "1735689600", "--format", "json");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2);
    JsonObject first = VerifyCommandTest.parse(lines.get(0));
    JsonObject second = VerifyCommandTest.parse(lines.get(1));
    assertThat(List.of(first.getString("input"), second.getString("input")))
        .containsExactly(d.toString(), a.toString());
    assertThat(List.of(first.getString("decision"), second.getString("decision")))
        .containsExactly("DENY", "ALLOW");
    assertThat(first.getString("schema")).isEqualTo("teepol.dev/verdict/v2");
    // One file keeps the single indented document.
    CliRun one = CliRun.fake("verify", a.toString(), "--at", "1735689600", "--format", "json");
    assertThat(one.out().lines().count()).isGreaterThan(1);
    assertThat(VerifyCommandTest.parse(one.out()).getString("input")).isEqualTo(a.toString());
  }

  @Test
  void anUnreadableFileIsReportedTheOthersAreStillVerifiedAndTheExitIsTwo() throws Exception {
    Path a = file("a.bin", FakeProvider.ALLOW);
    Path trunc = file("t.bin", FakeProvider.TRUNCATED);
    Path missing = dir.resolve("missing.bin");
    CliRun r =
        CliRun.fake(
            "verify",
            trunc.toString(),
            a.toString(),
            missing.toString(),
            "--at",
            "1735689600",
            "--format",
            "json");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.out().lines().toList()).hasSize(1);
    assertThat(VerifyCommandTest.parse(r.out()).getString("input")).isEqualTo(a.toString());
    assertThat(r.errLines())
        .containsExactly(
            "teepol: " + trunc + ": header.version at offset 4: needs 2 bytes, 0 left",
            "teepol: " + missing + ": no such file");
  }

  @Test
  void standardInputCanBeGivenOnlyOnce() {
    CliRun r = CliRun.fake("verify", "-", "-", "--at", "1735689600");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.errLines()).containsExactly("teepol: -: standard input can be read only once");
  }

  @Test
  void quietNamesEachFileOnItsDecisionLine() throws Exception {
    Path a = file("a.bin", FakeProvider.ALLOW);
    Path d = file("d.bin", FakeProvider.DENY);
    CliRun r = CliRun.fake("verify", "-q", a.toString(), d.toString(), "--at", "1735689600");
    assertThat(r.out().lines())
        .containsExactly(
            a + ": decision: ALLOW",
            "  ✗ policy.tcb.status      TCB status is OutOfDate; allowed: [UpToDate]  [builtin:strict:20:5]",
            "  ✗ policy.tcb.advisories  advisories not allowed: [INTEL-SA-00001]  [builtin:strict:20:5]",
            d
                + ": decision: DENY — policy.tcb.status: TCB status is OutOfDate; allowed: [UpToDate]");
  }
}
