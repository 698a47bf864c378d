package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** teepol pin and teepol bundle end to end on the simulated TDX evidence and example policies. */
class PinAndBundleCommandTest {
  static final Path TDX = Path.of("..", "examples", "tdx");
  static final String[] VERIFY = {
    "--collateral", TDX.resolve("collateral").toString(),
    "--trust-anchor", TDX.resolve("root_ca.der").toString(),
    "--at", "2025-01-01T00:00:00Z"
  };

  @TempDir Path tmp;

  static String[] args(String[] head, String... tail) {
    String[] out = new String[head.length + VERIFY.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(VERIFY, 0, out, head.length, VERIFY.length);
    System.arraycopy(tail, 0, out, head.length + VERIFY.length, tail.length);
    return out;
  }

  @Test
  void pinBootstrapsAPolicyThatVerifyThenAllows() throws Exception {
    CliRun r =
        CliRun.real(
            args(new String[] {"pin", TDX.resolve("quote.bin").toString()}, "--name", "my-td"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "name: my-td",
            "tee: [tdx]",
            "mrtd: ",
            "# pinned by teepol pin from ../examples/tdx/quote.bin (sha256 ");
    Path policy = tmp.resolve("my-td.yaml");
    Files.writeString(policy, r.out());
    CliRun v =
        CliRun.real(
            args(
                new String[] {"verify", TDX.resolve("quote.bin").toString()},
                "--policy",
                policy.toString()));
    assertThat(v.exitCode()).as(v.out()).isZero();
    CliRun lint = CliRun.real("lint", policy.toString());
    assertThat(lint.exitCode()).as(lint.out()).isZero();
  }

  @Test
  void pinRefusesFailingEvidenceUnlessAReasonIsGiven() {
    String debug = TDX.resolve("broken/debug-td/quote.bin").toString();
    CliRun refused = CliRun.real(args(new String[] {"pin", debug}));
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err())
        .contains("refusing to pin", "policy.platform.not_debug", "--accept-failing");
    CliRun accepted =
        CliRun.real(
            args(new String[] {"pin", debug}, "--accept-failing", "lab TD, debug on purpose"));
    assertThat(accepted.exitCode()).isZero();
    assertThat(accepted.out())
        .contains(
            "ACCEPTED WITH FAILING CHECKS [policy.platform.not_debug]: lab TD, debug on purpose");
  }

  @Test
  void pinIntoAddsOneBundleAndDiffShowsExactlyOneWidening() throws Exception {
    Path policy = tmp.resolve("svc.yaml");
    String before =
        "# my service\napiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: svc, version: 3}\nspec:\n"
            + "  substrate:\n    tee: [tdx]\n  measurements:\n    bundles:\n      - name: old\n        mrtd: "
            + "a".repeat(96)
            + "\n";
    Files.writeString(policy, before);
    Path old = tmp.resolve("svc.before.yaml");
    Files.writeString(old, before);
    CliRun pin =
        CliRun.real(
            args(
                new String[] {"pin", TDX.resolve("quote.bin").toString()},
                "--into",
                policy.toString()));
    assertThat(pin.exitCode()).as(pin.err()).isZero();
    assertThat(pin.out()).contains("added measurements.bundles: name: tdx-");
    assertThat(Files.readString(policy)).startsWith(before).contains("# pinned by teepol pin from");
    CliRun diff = CliRun.real("diff", old.toString(), policy.toString(), "--format", "json");
    assertThat(diff.exitCode()).isEqualTo(3);
    assertThat(diff.out()).contains("\"summary\": \"1 widening change, 0 verdict flips\"");
  }

  @Test
  void aBundleSignedKeylessInCiIsWrappedAndVerifiedAgainstThePinnedRepository() throws Exception {
    String policies = Path.of("..", "examples", "policies").toString();
    Path bundle = tmp.resolve("b.json");
    CliRun c =
        CliRun.real(
            "bundle",
            "create",
            policies,
            "--version",
            "3",
            "--name",
            "examples",
            "-o",
            bundle.toString());
    assertThat(c.exitCode()).as(c.err()).isZero();
    // What a CI job's cosign attest-blob --bundle makes, on the test Sigstore instance.
    var sim = new dev.teepol.providers.sigstore.sim.SimSigstore("sigstore-simulated-test");
    java.time.Instant signed = java.time.Instant.parse("2026-03-01T12:00:00Z");
    byte[] sigstore =
        sim.sign(
                new dev.teepol.providers.sigstore.sim.SimSigstore.Spec(
                    "platform/policies",
                    "v3",
                    "0123456789abcdef0123456789abcdef01234567",
                    signed,
                    "https://teepol.dev/policy-bundle/v1",
                    jakarta.json.Json.createObjectBuilder().build(),
                    Files.readAllBytes(bundle),
                    dev.teepol.providers.sigstore.sim.Defect.NONE))
            .bundle();
    Path sigstoreFile = Files.write(tmp.resolve("b.sigstore.json"), sigstore);
    Path root = Files.write(tmp.resolve("trusted_root.json"), sim.trustedRoot());
    Path out = tmp.resolve("b.signed.json");
    CliRun s =
        CliRun.real(
            "bundle",
            "sign",
            bundle.toString(),
            "--sigstore-bundle",
            sigstoreFile.toString(),
            "-o",
            out.toString());
    assertThat(s.exitCode()).as(s.err()).isZero();
    CliRun ok =
        CliRun.real(
            "bundle",
            "verify",
            out.toString(),
            "--sigstore-root",
            root.toString(),
            "--sigstore-repo",
            "platform/policies",
            "--at",
            "2026-03-02T00:00:00Z");
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out())
        .contains(
            "verified: bundle examples v3 signed by sigstore:https://github.com/platform/policies/");
    CliRun other =
        CliRun.real(
            "bundle",
            "verify",
            out.toString(),
            "--sigstore-root",
            root.toString(),
            "--sigstore-repo",
            "attacker/policies",
            "--at",
            "2026-03-02T00:00:00Z");
    assertThat(other.exitCode()).isEqualTo(1);
    assertThat(other.err()).contains("sigstore.identity");
    CliRun both = CliRun.real("bundle", "sign", bundle.toString());
    assertThat(both.exitCode()).isEqualTo(2);
  }

  @Test
  void bundlesAreCreatedSignedVerifiedAndNeverRolledBack() throws Exception {
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path key = tmp.resolve("signer.key");
    Path pub = tmp.resolve("signer.pub");
    Files.writeString(key, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
    Files.writeString(pub, pem("PUBLIC KEY", kp.getPublic().getEncoded()));
    String policies = Path.of("..", "examples", "policies").toString();
    for (int v : new int[] {1, 2}) {
      CliRun c =
          CliRun.real(
              "bundle",
              "create",
              policies,
              "--version",
              Integer.toString(v),
              "--name",
              "examples",
              "-o",
              tmp.resolve("b" + v + ".json").toString());
      assertThat(c.exitCode()).as(c.err()).isZero();
      assertThat(c.err()).contains("bundle examples v" + v + ": 7 policies, 7 suites");
      CliRun s =
          CliRun.real(
              "bundle",
              "sign",
              tmp.resolve("b" + v + ".json").toString(),
              "--key",
              key.toString(),
              "-o",
              tmp.resolve("b" + v + ".signed.json").toString());
      assertThat(s.exitCode()).as(s.err()).isZero();
    }
    String state = tmp.resolve("accepted.json").toString();
    CliRun v2 =
        CliRun.real(
            "bundle",
            "verify",
            tmp.resolve("b2.signed.json").toString(),
            "--signer",
            pub.toString(),
            "--version-file",
            state);
    assertThat(v2.exitCode()).as(v2.err()).isZero();
    assertThat(v2.out())
        .contains("verified: bundle examples v2 signed by sha256:", "policy  near-ai-qwen.yaml");
    CliRun v1 =
        CliRun.real(
            "bundle",
            "verify",
            tmp.resolve("b1.signed.json").toString(),
            "--signer",
            pub.toString(),
            "--version-file",
            state);
    assertThat(v1.exitCode()).isEqualTo(1);
    assertThat(v1.err()).contains("refusing a rollback");
    CliRun unsigned =
        CliRun.real(
            "bundle", "verify", tmp.resolve("b1.json").toString(), "--signer", pub.toString());
    assertThat(unsigned.exitCode()).isEqualTo(1);
    assertThat(unsigned.err()).contains("payloadType");
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
