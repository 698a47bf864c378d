package dev.teepol.providers.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.testsupport.StrictPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The development attester, one defect at a time: each fails exactly its own check, and whatever
 * the answer says, the evidence is {@code mock}, which builtin:strict denies.
 */
class MockSimulatedTest {
  private static final MockProvider PROVIDER =
      Providers.load().byType(MockProvider.class).orElseThrow();
  private static final Instant AT = SimMock.ISSUED.plusSeconds(60);

  static Appraisal appraise(String json, AppraisalContext ctx) {
    EvidenceSource src = new EvidenceSource("answer.json", json.getBytes(StandardCharsets.UTF_8));
    assertThat(PROVIDER.recognizes(src, Limits.DEFAULT)).isTrue();
    return PROVIDER.appraise(src, ctx);
  }

  static Appraisal appraise(String json) {
    return appraise(json, SimMock.context(AT, List.of(SimMock.KEY), true));
  }

  static Outcome outcome(Appraisal a, String id) {
    return a.check(id).orElseThrow().outcome();
  }

  @Test
  void anAnswerWithTheConfiguredKeyVerifiesAndIsStillOnlyMock() {
    Appraisal a = appraise(SimMock.answer(SimMock.KEY, SimMock.challenge()));
    assertThat(a.checks()).allMatch(CheckResult::passed);
    assertThat(a.checks())
        .extracting(CheckResult::id)
        .containsExactly(MockChecks.PARSE, MockChecks.HMAC, MockChecks.EXPIRY, MockChecks.NONCE);
    assertThat(a.evidence().platform().tee()).isEqualTo("mock");
    assertThat(a.evidence().mock().keyId()).isEqualTo(MockMac.keyId(SimMock.KEY));
    assertThat(a.evidence().mock().publishedKey()).isEmpty();
    assertThat(a.evidence().bound()).containsEntry("mock", Binding.SIGNATURE);
    assertThat(a.evidence().nonce().matches()).isTrue();
    assertThat(a.genuine()).isTrue();
    // Genuine, and still no TEE: builtin:strict refuses the mock attester.
    assertThat(StrictPolicy.evaluate(a, AT).decision()).isEqualTo(Decision.DENY);
    assertThat(StrictPolicy.evaluate(a, AT).checks())
        .filteredOn(c -> c.id().equals("policy.substrate.tee"))
        .singleElement()
        .satisfies(c -> assertThat(c.outcome()).isInstanceOf(Outcome.Fail.class));
  }

  @Test
  void anotherKeyFailsTheHmacAndNoKeyAtAllLeavesItUnevaluable() {
    String other =
        SimMock.answer("another key".getBytes(StandardCharsets.UTF_8), SimMock.challenge());
    Appraisal a = appraise(other);
    assertThat(outcome(a, MockChecks.HMAC)).isInstanceOf(Outcome.Fail.class);
    assertThat(outcome(a, MockChecks.EXPIRY)).isInstanceOf(Outcome.Unevaluable.class);
    assertThat(outcome(a, MockChecks.NONCE)).isInstanceOf(Outcome.Unevaluable.class);
    assertThat(a.evidence().bound()).containsEntry("mock", Binding.SELF_REPORTED);
    assertThat(a.genuine()).isFalse();
    Appraisal unkeyed =
        appraise(
            SimMock.answer(SimMock.KEY, SimMock.challenge()),
            SimMock.context(AT, List.of(), false));
    assertThat(outcome(unkeyed, MockChecks.HMAC)).isInstanceOf(Outcome.Unevaluable.class);
    assertThat(unkeyed.check(MockChecks.HMAC).orElseThrow().explanation()).contains("--mock-key");
  }

  @Test
  void thePublishedBlindferenceKeyVerifiesWithoutConfigurationAndIsNamed() {
    Appraisal a =
        appraise(
            SimMock.answer(SimMock.PUBLISHED, SimMock.challenge()),
            SimMock.context(AT, List.of(), true));
    assertThat(a.checks()).allMatch(CheckResult::passed);
    assertThat(a.evidence().mock().publishedKey()).isEqualTo("weloveblindference");
    assertThat(a.check(MockChecks.HMAC).orElseThrow().explanation()).contains("PUBLISHED");
    // Configured explicitly, it is still the published key.
    Appraisal configured =
        appraise(
            SimMock.answer(SimMock.PUBLISHED, SimMock.challenge()),
            SimMock.context(AT, List.of(SimMock.PUBLISHED), true));
    assertThat(configured.evidence().mock().publishedKey()).isEqualTo("weloveblindference");
  }

  @Test
  void theExpiryIsJudgedAtTheInjectedClockAndCoveredByTheHmac() {
    String answer = SimMock.answer(SimMock.KEY, SimMock.challenge());
    Appraisal late = appraise(answer, SimMock.context(SimMock.EXPIRES, List.of(SimMock.KEY), true));
    assertThat(outcome(late, MockChecks.EXPIRY)).isInstanceOf(Outcome.Fail.class);
    assertThat(late.checks())
        .filteredOn(c -> !c.passed())
        .extracting(CheckResult::id)
        .containsExactly(MockChecks.EXPIRY);
    Appraisal early =
        appraise(
            answer, SimMock.context(SimMock.ISSUED.minusSeconds(1), List.of(SimMock.KEY), true));
    assertThat(outcome(early, MockChecks.EXPIRY)).isInstanceOf(Outcome.Fail.class);
    // Stretching the expiry of a captured answer breaks its HMAC.
    String stretched =
        answer.replace(SimMock.EXPIRES.toString(), SimMock.EXPIRES.plusSeconds(86_400).toString());
    Appraisal s = appraise(stretched, SimMock.context(SimMock.EXPIRES, List.of(SimMock.KEY), true));
    assertThat(outcome(s, MockChecks.HMAC)).isInstanceOf(Outcome.Fail.class);
  }

  @Test
  void anAnswerToAnotherChallengeFailsTheNonceCheck() {
    MockChallenge other =
        new MockChallenge("c-0002", new byte[] {1, 2, 3, 4}, SimMock.ISSUED, SimMock.EXPIRES);
    Appraisal a = appraise(SimMock.answer(SimMock.KEY, other));
    assertThat(a.checks())
        .filteredOn(c -> !c.passed())
        .extracting(CheckResult::id)
        .containsExactly(MockChecks.NONCE);
    Appraisal unasked =
        appraise(
            SimMock.answer(SimMock.KEY, other), SimMock.context(AT, List.of(SimMock.KEY), false));
    assertThat(unasked.check(MockChecks.NONCE)).isEmpty();
    assertThat(unasked.evidence().nonce().state().token()).isEqualTo("not_supplied");
  }

  @Test
  void malformedAnswersAreParseFailuresNamingTheField() {
    String good = SimMock.answer(SimMock.KEY, SimMock.challenge());
    String[][] cases = {
      {good.replace("{", "{\"tee\":\"tdx\","), "attestation.tee"},
      {good.replace("\"c-0001\"", "\"c 0001\""), "attestation.challengeId"},
      {good.replace("\"5f2b9c0e", "\"5F2B9C0E"), "attestation.nonce"},
      {good.replace("\"hmac\":\"", "\"hmac\":\"00"), "attestation.hmac"},
      {good.replace(SimMock.EXPIRES.toString(), "2024-12-31T00:00:00Z"), "attestation.expiresAt"},
      {good.replace("\"nonce\"", "\"nonce\":\"00\",\"nonce\""), "attestation"},
    };
    for (String[] c : cases) {
      Appraisal a = appraise(c[0]);
      assertThat(a.checks())
          .as(c[0])
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.id()).isEqualTo(MockChecks.PARSE);
                assertThat(r.explanation()).contains(c[1]);
              });
      assertThat(a.evidence().platform().tee()).isNotEqualTo("tdx");
    }
  }

  @Test
  void keysGivenAsTextLoseTheirLineBreakAndMustNotBeEmpty() {
    assertThat(MockKeys.fromText("weloveblindference\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(SimMock.PUBLISHED);
    assertThat(MockKeys.fromText("k\r\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new byte[] {'k'});
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> MockKeys.fromText("\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("empty");
  }
}
