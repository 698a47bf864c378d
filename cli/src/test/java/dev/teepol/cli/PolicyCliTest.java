package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify --policy, lint and policy show, on the committed simulated TDX evidence. */
class PolicyCliTest {
  static final Path TDX = ExamplesCliTest.TDX;
  static final String AT = ExamplesCliTest.AT;

  /** The MRTD of examples/tdx/quote.bin, as the simulator built it. */
  static final String MRTD =
      "6b3e5379739bbe5c566b00c8052c89010a94f5de7d7c2ffed640904ae4bac4a83daa782b573a828cf22289159abfe186";

  @TempDir Path tmp;

  static String pinPolicy(String mrtd) {
    return """
        apiVersion: teepol.dev/v1
        kind: TrustPolicy
        metadata: {name: simulated-td, version: 4}
        spec:
          substrate: {tee: [tdx]}
          measurements:
            bundles:
              - name: simulator
                mrtd: %s
          outputs:
            tier: "evidence.platform.tee == 'tdx' ? 2 : 0"
        """
        .formatted(mrtd);
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(tmp.resolve(name), text);
  }

  static CliRun verify(String quote, String... more) {
    String[] base = {
      "verify",
      TDX.resolve(quote).toString(),
      "--collateral",
      TDX.resolve("collateral").toString(),
      "--trust-anchor",
      TDX.resolve("root_ca.der").toString(),
      "--at",
      AT
    };
    String[] args = Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return CliRun.real(args);
  }

  @Test
  void aPolicyPinningTheExamplesMrtdAllowsAndShowsWhereEachPolicyCheckComesFrom() throws Exception {
    Path p = write("pin.yaml", pinPolicy(MRTD));
    CliRun r = verify("quote.bin", "--policy", p.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.ALLOW);
    assertThat(r.out())
        .contains(
            "policy:       simulated-td v4 (" + p + ", sha256 ",
            "✓ policy.measurements.bundle",
            "[" + p + ":7:5]",
            "[" + p + ":5:15]",
            "tier: 2",
            "decision: ALLOW");
  }

  @Test
  void aDifferentPinDeniesNamingTheClosestBundleAndTheRegister() throws Exception {
    String other = "7" + MRTD.substring(1);
    Path p = write("other.yaml", pinPolicy(other));
    CliRun r = verify("quote.bin", "--policy", p.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(r.out())
        .contains(
            "✗ policy.measurements.bundle",
            "closest is 'simulator'",
            "mrtd: expected 7b3e5379",
            "got 6b3e5379",
            "decision: DENY");
  }

  @Test
  void jsonCarriesThePolicyEachChecksSourceAndTheOutputs() throws Exception {
    Path p = write("pin.yaml", pinPolicy(MRTD));
    CliRun r = verify("quote.bin", "--policy", p.toString(), "--format", "json");
    JsonObject doc = VerifyCommandTest.parse(r.out());
    JsonObject policy = doc.getJsonObject("policy");
    assertThat(policy.getString("name")).isEqualTo("simulated-td");
    assertThat(policy.getJsonNumber("version").longValue()).isEqualTo(4);
    assertThat(policy.getString("hash")).matches("sha256:[0-9a-f]{64}");
    assertThat(doc.getJsonObject("outputs").getJsonNumber("tier").longValue()).isEqualTo(2);
    var sources =
        doc.getJsonArray("checks").stream()
            .map(JsonObject.class::cast)
            .collect(
                java.util.stream.Collectors.toMap(
                    c -> c.getString("id"), c -> c.getString("source")));
    assertThat(sources.get("tdx.quote.signature")).isEmpty();
    assertThat(sources.get("policy.measurements.bundle")).isEqualTo(p + ":7:5");
  }

  @Test
  void aPolicyThatDoesNotCompileExitsTwoWithEveryErrorAndNoVerdict() throws Exception {
    Path p =
        write(
            "typo.yaml",
            pinPolicy(MRTD)
                .replace("tier: \"evidence.platform.tee", "tier: \"evidence.platform.tea"));
    CliRun r = verify("quote.bin", "--policy", p.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains(
            p + ":11:",
            "error: undefined field 'tea'",
            "did you mean 'tee'?",
            "teepol: " + p + ": policy does not compile");
    CliRun missing = verify("quote.bin", "--policy", tmp.resolve("nope.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(missing.errLines())
        .containsExactly("teepol: " + tmp.resolve("nope.yaml") + ": no such policy file");
  }

  @Test
  void strictIsTheDefaultAndDecidesAsTheBaselineDid() {
    CliRun allow = verify("quote.bin");
    assertThat(allow.exitCode()).isEqualTo(ExitCodes.ALLOW);
    assertThat(allow.out())
        .contains("policy:       builtin-strict v1 (builtin:strict", "[builtin:strict:");
    CliRun debug = verify("broken/debug-td/quote.bin");
    assertThat(debug.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(debug.out()).contains("✗ policy.platform.not_debug");
  }

  @Test
  void policyShowPrintsTheBuiltinAndListBuiltinsNamesIt() {
    CliRun show = CliRun.real("policy", "show", "builtin:strict");
    assertThat(show.exitCode()).isEqualTo(ExitCodes.ALLOW);
    assertThat(show.out())
        .contains("kind: TrustPolicy", "name: builtin-strict", "allow: [UpToDate]");
    CliRun list = CliRun.real("policy", "list-builtins");
    assertThat(list.out().lines())
        .hasSize(2)
        .anySatisfy(l -> assertThat(l).startsWith("builtin:strict  "))
        .anySatisfy(l -> assertThat(l).startsWith("builtin:gpu  "));
    assertThat(CliRun.real("lint", "--strict", "builtin:gpu").exitCode()).isZero();
    CliRun unknown = CliRun.real("policy", "show", "builtin:lax");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(unknown.errLines())
        .singleElement()
        .satisfies(
            l -> assertThat(l).startsWith("teepol: builtin:lax: ").contains("builtin:strict"));
  }

  @Test
  void lintExitsOneOnErrorsZeroOnWarningsAndOneOnWarningsWhenStrict() throws Exception {
    Path clean = write("clean.yaml", pinPolicy(MRTD));
    CliRun ok = CliRun.real("lint", clean.toString());
    assertThat(ok.exitCode()).as(ok.out()).isEqualTo(ExitCodes.ALLOW);
    assertThat(ok.out()).contains("1 policy: 0 error(s), 0 warning(s)");

    Path mock = write("mock.yaml", pinPolicy(MRTD).replace("tee: [tdx]", "tee: [tdx, mock]"));
    CliRun warned = CliRun.real("lint", mock.toString());
    assertThat(warned.exitCode()).isEqualTo(ExitCodes.ALLOW);
    assertThat(warned.out())
        .contains(
            mock + ":5:15: warning: the policy accepts the mock attester",
            "0 error(s), 1 warning(s)");
    assertThat(CliRun.real("lint", "--strict", mock.toString()).exitCode())
        .isEqualTo(ExitCodes.DENY);

    Path bad = write("bad.yaml", pinPolicy(MRTD).replace("mrtd:", "mrdt:"));
    CliRun failed = CliRun.real("lint", bad.toString(), clean.toString());
    assertThat(failed.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(failed.out())
        .contains(
            bad + ":9:",
            "error: unknown register 'mrdt'",
            "did you mean 'mrtd'?",
            "2 policies: 2 error(s)");
  }

  @Test
  void lintOfADirectoryFindsOnlyPoliciesAndNothingToLintIsAnError() throws Exception {
    write("pin.yaml", pinPolicy(MRTD));
    write("pin.tests.yaml", "cases: []\n");
    write("ci.yaml", "on: push\n");
    CliRun r = CliRun.real("lint", tmp.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.ALLOW);
    assertThat(r.out()).contains("1 policy: 0 error(s)");
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    assertThat(CliRun.real("lint", empty.toString()).exitCode()).isEqualTo(ExitCodes.INPUT);
  }
}
