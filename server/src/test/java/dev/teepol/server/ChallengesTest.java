package dev.teepol.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.server.challenge.Challenge;
import dev.teepol.server.challenge.ChallengeException;
import dev.teepol.server.challenge.ChallengeProblem;
import dev.teepol.server.challenge.Challenges;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Stateless challenges: unforgeable without the key, shared by replicas with it, used once. */
class ChallengesTest {
  static final byte[] KEY = new byte[32];
  static final byte[] OTHER_KEY = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      KEY[i] = (byte) i;
      OTHER_KEY[i] = (byte) (i + 1);
    }
  }

  Fixture.MovingClock clock = new Fixture.MovingClock(Fixture.AT);

  Challenges with(byte[] key, int max) {
    return new Challenges(key, clock, Duration.ofMinutes(5), max);
  }

  static ChallengeProblem problem(ThrowingCall c) {
    try {
      c.run();
    } catch (ChallengeException e) {
      return e.problem();
    }
    throw new AssertionError("accepted");
  }

  interface ThrowingCall {
    void run() throws ChallengeException;
  }

  @Test
  void aReplicaWithTheSameKeyAcceptsTheTokenAndDerivesTheSameNonce() throws Exception {
    Challenge c = with(KEY, 10).issue();
    assertThat(c.nonce()).hasSize(32);
    assertThat(with(KEY, 10).use(c.token()).nonce()).isEqualTo(c.nonce());
    assertThat(problem(() -> with(OTHER_KEY, 10).use(c.token())))
        .isEqualTo(ChallengeProblem.INVALID);
  }

  @Test
  void everyChangedByteOfATokenIsRefused() throws Exception {
    Challenges ch = with(KEY, 1000);
    byte[] raw = Base64.getUrlDecoder().decode(ch.issue().token());
    for (int i = 0; i < raw.length; i++) {
      byte[] t = raw.clone();
      t[i] ^= 0x01;
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(t);
      assertThat(problem(() -> ch.use(token))).as("byte " + i).isEqualTo(ChallengeProblem.INVALID);
    }
  }

  @Test
  void malformedTokensAreInvalidNotErrors() {
    Challenges ch = with(KEY, 10);
    for (String t : new String[] {"", "a", "!!!!", "A".repeat(10_000), "AAAA"}) {
      assertThat(problem(() -> ch.use(t))).isEqualTo(ChallengeProblem.INVALID);
    }
    assertThat(problem(() -> ch.use(null))).isEqualTo(ChallengeProblem.INVALID);
  }

  @Test
  void aTokenIsUsedOnceAndExpires() throws Exception {
    Challenges ch = with(KEY, 10);
    Challenge c = ch.issue();
    ch.use(c.token());
    assertThat(problem(() -> ch.use(c.token()))).isEqualTo(ChallengeProblem.REPLAYED);
    Challenge d = ch.issue();
    clock.now = clock.now.plus(Duration.ofMinutes(5)).plusSeconds(1);
    assertThat(problem(() -> ch.use(d.token()))).isEqualTo(ChallengeProblem.EXPIRED);
  }

  @Test
  void whenFullOfUnexpiredUsedTokensItRefusesRatherThanForgets() throws Exception {
    Challenges ch = with(KEY, 2);
    ch.use(ch.issue().token());
    ch.use(ch.issue().token());
    Challenge third = ch.issue();
    assertThat(problem(() -> ch.use(third.token())))
        .isEqualTo(ChallengeProblem.TOO_MANY_OUTSTANDING);
    // Once the used ones expire they are forgotten, and new tokens are accepted again.
    clock.now = clock.now.plus(Duration.ofMinutes(6));
    Challenge fresh = ch.issue();
    ch.use(fresh.token());
    assertThat(ch.outstanding()).isEqualTo(1);
  }

  @Test
  void aShortKeyIsRefused() {
    assertThatThrownBy(() -> with(new byte[16], 10)).isInstanceOf(IllegalArgumentException.class);
  }
}
