package dev.teepol.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.providers.confidentialspace.ConfidentialSpaceChecks;
import dev.teepol.providers.confidentialspace.sim.SimCs;
import dev.teepol.providers.confidentialspace.sim.SimCsToken;
import dev.teepol.providers.mock.MockChecks;
import dev.teepol.providers.mock.SimMock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relying party's inputs through the embedding API: the audience per verification, a test
 * Confidential Space root given as a trust-anchor file, a JWKS file for OIDC tokens, and mock keys.
 */
class TokenInputsVerifierTest {
  @TempDir Path dir;

  private Path root() throws Exception {
    Path f = dir.resolve("cs-root.der");
    Files.write(f, SimCs.PKI.root().getEncoded());
    return f;
  }

  private TeepolVerifier.Builder builder(Instant at) throws Exception {
    return TeepolVerifier.builder().trustAnchor(root()).clock(Clock.fixed(at, ZoneOffset.UTC));
  }

  private static VerifyOptions options(boolean audience) {
    VerifyOptions.Builder b =
        VerifyOptions.builder().nonce(SimCs.NONCE.getBytes(StandardCharsets.UTF_8));
    return (audience ? b.audience(SimCs.AUDIENCE) : b).build();
  }

  @Test
  void aTokenIsAllowedWithItsAudienceAndDeniedWithoutOne() throws Exception {
    byte[] token = SimCsToken.production().bytes();
    try (TeepolVerifier v = builder(SimCsToken.verifyAt()).build()) {
      VerificationResult r = v.verify(token, options(true));
      assertThat(r.provider()).isEqualTo("confidential-space");
      assertThat(r.decision()).as(r.checks().toString()).isEqualTo(Decision.ALLOW);
      VerificationResult noAud = v.verify(token, options(false));
      assertThat(noAud.decision()).isEqualTo(Decision.DENY);
      assertThat(noAud.checks())
          .filteredOn(c -> c.id().equals(ConfidentialSpaceChecks.AUDIENCE))
          .singleElement()
          .extracting(CheckResult::explanation)
          .asString()
          .contains("--audience");
      // The audience travels with a file's name too.
      Path f = dir.resolve("token.jwt");
      Files.write(f, token);
      assertThat(v.verify(f, options(true)).decision()).isEqualTo(Decision.ALLOW);
    }
    assertThatThrownBy(() -> VerifyOptions.builder().audience("")).hasMessageContaining("empty");
  }

  @Test
  void anOidcTokenNeedsAJwksFileAndTheFileIsEnough() throws Exception {
    byte[] token = SimCsToken.production().oidc(SimCs.JWKS_KID).bytes();
    try (TeepolVerifier v = builder(SimCsToken.verifyAt()).build()) {
      assertThat(v.verify(token, options(true)).decision()).isEqualTo(Decision.DENY);
    }
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, SimCs.jwks());
    try (TeepolVerifier v = builder(SimCsToken.verifyAt()).confidentialSpaceJwks(jwks).build()) {
      VerificationResult r = v.verify(token, options(true));
      assertThat(r.decision()).as(r.checks().toString()).isEqualTo(Decision.ALLOW);
    }
    assertThatThrownBy(
            () ->
                TeepolVerifier.builder().confidentialSpaceJwks(dir.resolve("missing.json")).build())
        .isInstanceOf(TeepolConfigurationException.class);
  }

  @Test
  void mockKeysComeFromTheBuilderAndMockIsStillDeniedByStrict() throws Exception {
    byte[] answer = SimMock.answer();
    Instant at = SimMock.ISSUED.plusSeconds(10);
    try (TeepolVerifier v =
        TeepolVerifier.builder()
            .clock(Clock.fixed(at, ZoneOffset.UTC))
            .mockKey(SimMock.KEY)
            .build()) {
      VerificationResult r = v.verify(answer, VerifyOptions.builder().nonce(SimMock.NONCE).build());
      assertThat(r.provider()).isEqualTo("mock");
      assertThat(r.checks())
          .filteredOn(c -> c.id().startsWith("mock."))
          .allMatch(CheckResult::passed);
      assertThat(r.decision()).isEqualTo(Decision.DENY);
    }
    try (TeepolVerifier v =
        TeepolVerifier.builder().clock(Clock.fixed(at, ZoneOffset.UTC)).build()) {
      assertThat(v.verify(answer).checks())
          .filteredOn(c -> c.id().equals(MockChecks.HMAC))
          .singleElement()
          .satisfies(c -> assertThat(c.passed()).isFalse());
    }
  }
}
