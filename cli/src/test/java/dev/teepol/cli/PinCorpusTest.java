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

  /**
   * Pins {@code evidence} with {@code options}, checks that nothing self_reported was written and
   * that the pinned policy allows the evidence it came from; returns the policy.
   */
  private String pinAndVerify(Path evidence, String name, String... options) throws Exception {
    String[] pin = new String[options.length + 4];
    pin[0] = "pin";
    pin[1] = evidence.toString();
    pin[2] = "--name";
    pin[3] = name;
    System.arraycopy(options, 0, pin, 4, options.length);
    CliRun r = CliRun.real(pin);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("# pinned by teepol pin from " + evidence);
    Path policy = tmp.resolve(name + ".yaml");
    Files.writeString(policy, r.out());
    String[] v = new String[options.length + 4];
    v[0] = "verify";
    v[1] = evidence.toString();
    v[2] = "--policy";
    v[3] = policy.toString();
    System.arraycopy(options, 0, v, 4, options.length);
    CliRun allowed = CliRun.real(v);
    assertThat(allowed.exitCode()).as(r.out() + "\n" + allowed.out()).isZero();
    return r.out();
  }

  @Test
  void aSevSnpReportPinsItsMeasurementAndNoZeroDigests() throws Exception {
    Path c = CorpusConformanceTest.corpus().resolve("sev-snp").resolve("virtee-milan-v2");
    String out =
        pinAndVerify(
            c.resolve("report.bin"),
            "snp",
            "--amd-certs",
            c.toString(),
            "--at",
            "2025-01-01T00:00:00Z");
    assertThat(out)
        .contains("tee: [sev-snp]")
        .contains(
            "measurement: 7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f")
        // Zero ID-block digests and host data say "none": pinning them would pin nothing.
        .doesNotContain("id_key_digest", "author_key_digest", "host_data", "chip_id", "tcb:");
  }

  @Test
  void aTpmQuotePinsOneBankOfPcrsByTheirBankQualifiedNames() throws Exception {
    Path c = CorpusConformanceTest.corpus().resolve("tpm").resolve("gce-cos85-nonce9009");
    String[] opts = {
      "--trust-anchor", c.resolve("gce_ca").resolve("tpm_ek_intermediate_2.crt").toString(),
      "--nonce", "9009",
      "--at", "2025-01-01T00:00:00Z"
    };
    String out = pinAndVerify(c.resolve("attestation.pb"), "gce", opts);
    // PCR 0 of the SHA-256 bank (quotes/sha256.pcrs.json), not the quote's own SHA-384 bank,
    // which the provider also exposes as the unqualified pcr0.
    assertThat(out)
        .contains("tee: [tpm]")
        .contains("'sha256:pcr0': 0f35c214608d93c7a6e68ae7359b4a8be5a0e99eea9107ece427c4dea4e439cf")
        .contains("'sha256:pcr23': ")
        .contains("appliesTo: [tdx, sgx, sev-snp]")
        .doesNotContain("sha384:", "sha1:", "\n      pcr0:", "'pcr0'");
    assertThat(out.lines().filter(l -> l.contains("sha256:pcr")).count()).isEqualTo(24);
    // Without the AK's anchor nothing is proven: refused, and with a reason nothing is pinned.
    CliRun unanchored =
        CliRun.real(
            "pin",
            c.resolve("attestation.pb").toString(),
            "--nonce",
            "9009",
            "--at",
            "2025-01-01T00:00:00Z");
    assertThat(unanchored.exitCode()).isEqualTo(1);
    assertThat(unanchored.err()).contains("tpm.ak.trust");
    CliRun accepted =
        CliRun.real(
            "pin",
            c.resolve("attestation.pb").toString(),
            "--nonce",
            "9009",
            "--at",
            "2025-01-01T00:00:00Z",
            "--accept-failing",
            "test");
    assertThat(accepted.exitCode()).as(accepted.err()).isZero();
    assertThat(accepted.out()).doesNotContain("pcr", "measurements:");
    assertThat(accepted.err()).contains("not pinned, not proven: measurements.");
  }

  @Test
  void aConfidentialSpaceTokenPinsItsSignedImageDigestAndNoRegisters() throws Exception {
    Path c =
        CorpusConformanceTest.corpus()
            .resolve("confidential-space")
            .resolve("oak-ctf-sha2-intel-tdx-jwt");
    String out =
        pinAndVerify(
            c.resolve("token.jwt"),
            "cs",
            "--audience",
            "z08381475938604996746",
            "--nonce-text",
            "75a91c8dbe289f190d5e70ab1cb70c93cc14d7243f0ef3ff5326a622ead220a6",
            "--at",
            "2025-09-05T08:47:30Z");
    assertThat(out)
        .contains("tee: [tdx]")
        .contains("imageDigests:")
        .contains("- sha256:e2e5e3672f416ac9ca71aa639abf86db0b713729a48c125a925af6c808b20b5d")
        .doesNotContain("measurements:", "mrtd");
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
