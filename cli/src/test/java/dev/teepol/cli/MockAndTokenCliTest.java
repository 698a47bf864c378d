package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.providers.confidentialspace.sim.SimCs;
import dev.teepol.providers.confidentialspace.sim.SimCsToken;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code teepol mock challenge|attest} end to end with {@code teepol verify}, and the relying
 * party's token inputs on the command line ({@code --audience}, {@code --nonce-text}).
 */
class MockAndTokenCliTest {
  static final String AT = "2025-01-01T00:00:00Z";
  static final String NONCE = "5f2b9c0e".repeat(8);

  @TempDir Path dir;

  private Path challenge() throws Exception {
    CliRun c =
        CliRun.real(
            "mock", "challenge", "--at", AT, "--ttl", "5m", "--id", "c-1", "--nonce", NONCE);
    assertThat(c.exitCode()).as(c.err()).isZero();
    Path f = dir.resolve("challenge.json");
    Files.writeString(f, c.out());
    return f;
  }

  @Test
  void aChallengeNamesItsNonceAndWindow() throws Exception {
    CliRun c =
        CliRun.real(
            "mock", "challenge", "--at", AT, "--ttl", "90s", "--id", "c-1", "--nonce", NONCE);
    JsonObject o = VerifyCommandTest.parse(c.out().strip());
    assertThat(o.getString("challengeId")).isEqualTo("c-1");
    assertThat(o.getString("nonce")).isEqualTo(NONCE);
    assertThat(o.getString("issuedAt")).isEqualTo(AT);
    assertThat(o.getString("expiresAt")).isEqualTo("2025-01-01T00:01:30Z");
    // Defaults: a random nonce and id, issued at the wall clock.
    JsonObject fresh = VerifyCommandTest.parse(CliRun.real("mock", "challenge").out().strip());
    assertThat(fresh.getString("nonce")).hasSize(64).isNotEqualTo(NONCE);
    assertThat(fresh.getString("challengeId")).startsWith("c-").hasSize(18);
    assertThat(fresh.getString("issuedAt")).isEqualTo(CliRun.WALL.toString());
    for (String bad : new String[] {"0s", "25h", "5", "m", "5d", "-5m"}) {
      CliRun r = CliRun.real("mock", "challenge", "--ttl", bad);
      assertThat(r.exitCode()).as(bad).isEqualTo(ExitCodes.INPUT);
      assertThat(r.err()).contains("--ttl");
    }
    assertThat(CliRun.real("mock", "challenge", "--id", "has space").exitCode())
        .isEqualTo(ExitCodes.INPUT);
    assertThat(CliRun.real("mock").exitCode()).isEqualTo(ExitCodes.INPUT);
  }

  @Test
  void anAnswerVerifiesWithTheSharedKeyAndTheChallengesNonce() throws Exception {
    Path key = dir.resolve("key.txt");
    Files.writeString(key, "our-pipeline-key\n");
    CliRun a = CliRun.real("mock", "attest", "--key", key.toString(), challenge().toString());
    assertThat(a.exitCode()).as(a.err()).isZero();
    assertThat(a.err()).isEmpty();
    Path answer = dir.resolve("answer.json");
    Files.writeString(answer, a.out());

    Path tiers = dir.resolve("tiers.yaml");
    Files.writeString(
        tiers,
        """
        apiVersion: teepol.dev/v1
        kind: TrustPolicy
        metadata: {name: dev, version: 1}
        spec:
          substrate: {tee: [mock, tdx]}
          tcb: {appliesTo: [tdx]}
          freshness: {requireNonce: true}
        """);
    CliRun ok =
        CliRun.real(
            "verify",
            answer.toString(),
            "--mock-key",
            key.toString(),
            "--nonce",
            NONCE,
            "--at",
            "2025-01-01T00:01:00Z",
            "--policy",
            tiers.toString());
    assertThat(ok.exitCode()).as(ok.out() + ok.err()).isEqualTo(ExitCodes.ALLOW);
    assertThat(ok.out()).contains("mock.hmac", "mock.challenge.expiry", "mock.nonce");

    // builtin:strict never accepts the mock attester.
    CliRun strict =
        CliRun.real(
            "verify",
            answer.toString(),
            "--mock-key",
            key.toString(),
            "--at",
            "2025-01-01T00:01:00Z");
    assertThat(strict.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(strict.out()).contains("policy.substrate.tee");

    // Late, or without the key: denied, saying why.
    CliRun late =
        CliRun.real(
            "verify",
            answer.toString(),
            "--mock-key",
            key.toString(),
            "--nonce",
            NONCE,
            "--at",
            "2025-01-01T00:06:00Z",
            "--policy",
            tiers.toString());
    assertThat(late.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(late.out()).contains("expired");
    CliRun keyless =
        CliRun.real(
            "verify",
            answer.toString(),
            "--nonce",
            NONCE,
            "--at",
            "2025-01-01T00:01:00Z",
            "--policy",
            tiers.toString());
    assertThat(keyless.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(keyless.out()).contains("--mock-key");
  }

  @Test
  void theKeyCanComeFromTheEnvironmentAndThePublishedKeyIsFlagged() throws Exception {
    String challengeJson = Files.readString(challenge());
    CliRun a =
        CliRun.withEnvironment(
            Map.of("BF_KEY", "weloveblindference"),
            challengeJson,
            "mock",
            "attest",
            "--key-env",
            "BF_KEY",
            "-");
    assertThat(a.exitCode()).as(a.err()).isZero();
    assertThat(a.err()).contains("published key");
    Path answer = dir.resolve("answer.json");
    Files.writeString(answer, a.out());
    Path named = dir.resolve("named.yaml");
    Files.writeString(
        named,
        """
        apiVersion: teepol.dev/v1
        kind: TrustPolicy
        metadata: {name: dev, version: 1}
        spec:
          substrate: {tee: [mock], allowPublishedMockKeys: [weloveblindference]}
          tcb: {appliesTo: [tdx]}
        """);
    Path unnamed = dir.resolve("unnamed.yaml");
    Files.writeString(
        unnamed,
        Files.readString(named).replace(", allowPublishedMockKeys: [weloveblindference]", ""));
    String[] common = {"--at", "2025-01-01T00:01:00Z", "--nonce", NONCE};
    CliRun refused =
        CliRun.real(
            concat(
                new String[] {"verify", answer.toString(), "--policy", unnamed.toString()},
                common));
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(refused.out()).contains("policy.mock.key", "weloveblindference");
    CliRun accepted =
        CliRun.real(
            concat(
                new String[] {"verify", answer.toString(), "--policy", named.toString()}, common));
    assertThat(accepted.exitCode()).as(accepted.out()).isEqualTo(ExitCodes.ALLOW);

    CliRun unset =
        CliRun.withEnvironment(Map.of(), challengeJson, "mock", "attest", "--key-env", "NOPE");
    assertThat(unset.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(unset.err()).contains("NOPE", "not set");
    CliRun both = CliRun.real("mock", "attest", "--key", "k", "--key-env", "K");
    assertThat(both.exitCode()).isEqualTo(ExitCodes.INPUT);
    CliRun garbage =
        CliRun.withEnvironment(
            Map.of("K", "k"), "{\"nonce\":1}", "mock", "attest", "--key-env", "K");
    assertThat(garbage.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(garbage.err()).contains("not a mock challenge");
  }

  @Test
  void aTokenIsVerifiedWithItsAudienceAndTextNonce() throws Exception {
    Path token = dir.resolve("token.jwt");
    Files.writeString(token, SimCsToken.production().build() + "\n");
    Path root = dir.resolve("root.der");
    Files.write(root, SimCs.PKI.root().getEncoded());
    String at = SimCsToken.verifyAt().toString();
    CliRun ok =
        CliRun.real(
            "verify",
            token.toString(),
            "--trust-anchor",
            root.toString(),
            "--at",
            at,
            "--audience",
            SimCs.AUDIENCE,
            "--nonce-text",
            SimCs.NONCE);
    assertThat(ok.exitCode()).as(ok.out() + ok.err()).isEqualTo(ExitCodes.ALLOW);
    CliRun noAudience =
        CliRun.real("verify", token.toString(), "--trust-anchor", root.toString(), "--at", at);
    assertThat(noAudience.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(noAudience.out()).contains("confidential-space.token.audience", "--audience");
    CliRun both =
        CliRun.real("verify", token.toString(), "--nonce", "00", "--nonce-text", "x", "--at", at);
    assertThat(both.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(both.err()).contains("not both");
    // The embedded Google root does not trust the test PKI.
    CliRun google =
        CliRun.real("verify", token.toString(), "--at", at, "--audience", SimCs.AUDIENCE);
    assertThat(google.exitCode()).isEqualTo(ExitCodes.DENY);
    assertThat(google.out()).contains("confidential-space.token.chain");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
