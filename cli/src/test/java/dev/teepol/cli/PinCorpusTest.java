package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * teepol pin on real evidence: the NEAR direct capture of 2026-06-29 (corpus, read in place). What
 * it pins must be what the hand-written example policy pins from the same capture, and the pinned
 * policy must allow the evidence it came from.
 */
class PinCorpusTest {
  @TempDir Path tmp;

  @Test
  void theNearCaptureProvesWhatTheExamplePolicyPins() throws Exception {
    Path c = CorpusConformanceTest.corpus().resolve("near").resolve("near-direct-qwen35-20260629");
    JsonObject expected =
        Json.createReader(new StringReader(Files.readString(c.resolve("expected.json"))))
            .readObject();
    String[] verify = {
      "--collateral", c.resolve("collateral").toString(),
      "--nras", c.resolve("nras").toString(),
      "--at", expected.getString("verify_at"),
      "--nonce", expected.getString("request_nonce")
    };
    String[] pin = new String[verify.length + 4];
    pin[0] = "pin";
    pin[1] = c.resolve("attestation_report.json.gz").toString();
    pin[2] = "--name";
    pin[3] = "near-qwen";
    System.arraycopy(verify, 0, pin, 4, verify.length);
    CliRun r = CliRun.real(pin);
    assertThat(r.exitCode()).as(r.err()).isZero();
    String example = Files.readString(Path.of("..", "examples", "policies", "near-ai-qwen.yaml"));
    for (String pinned :
        new String[] {
          "b24d3b24e9e3c16012376b52362ca09856c4adecb709d5fac33addf1c47e193da075b125b6c364115771390a5461e217",
          "66007399f064f058af68771c552bcae150c9f88622305631b5141da1aa2f7b7e",
          "2c0a0c96cb6dbd659bf1446e2f3fce58172ff91b",
          "9b69bb1698bacbb6985409a2c272bcb892e09cdcea63d5399c6768b67d3ff677",
          "d0aa20bcf567cc0c7c914608967dbd4c7a17e10b600802d45923434ce323f823"
        }) {
      assertThat(r.out()).contains(pinned);
      assertThat(example).contains(pinned);
    }
    assertThat(r.out()).contains("bindings: [report_data]").doesNotContain("rtmr3:");
    Path policy = tmp.resolve("near-qwen.yaml");
    Files.writeString(policy, r.out());
    String[] v = new String[verify.length + 4];
    v[0] = "verify";
    v[1] = c.resolve("attestation_report.json.gz").toString();
    v[2] = "--policy";
    v[3] = policy.toString();
    System.arraycopy(verify, 0, v, 4, verify.length);
    CliRun allowed = CliRun.real(v);
    assertThat(allowed.exitCode()).as(allowed.out()).isZero();
  }

  @Test
  void directoriesArePairedByPathAndANewPolicyWidens() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    String p =
        "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: %s}\nspec:\n  substrate: {tee: [tdx]}\n";
    Files.writeString(a.resolve("one.yaml"), p.formatted("one"));
    Files.writeString(b.resolve("one.yaml"), p.formatted("one").replace("[tdx]", "[tdx, sgx]"));
    Files.writeString(b.resolve("two.yaml"), p.formatted("two"));
    Files.writeString(b.resolve("ci.yaml"), "on: push\n");
    CliRun r = CliRun.real("diff", a.toString(), b.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    assertThat(r.out())
        .contains("one.yaml: widens", "substrate.tee: adds [sgx]", "two.yaml: widens (new policy)")
        .doesNotContain("ci.yaml");
    CliRun back = CliRun.real("diff", b.toString(), a.toString());
    assertThat(back.exitCode()).isZero();
    assertThat(back.out()).contains("two.yaml: narrows (policy removed)");
  }
}
