package dev.teepol.providers.jose;

import dev.teepol.core.verdict.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The time rules every signed token teepol accepts obeys (NRAS EATs, Confidential Space tokens): it
 * has an expiry and an issue time, lives no longer than {@code Limits.maxJwtLifetime}, and the
 * injected instant lies in [max(iat, nbf), exp). One place, so the two token formats cannot drift.
 */
public final class TokenWindow {
  private TokenWindow() {}

  /**
   * @param lifetimeNote said after the lifetime bound when it is exceeded, e.g. what the issuer
   *     normally issues
   */
  public static Outcome check(
      Optional<Instant> iat,
      Optional<Instant> nbf,
      Optional<Instant> exp,
      Instant now,
      Duration maxLifetime,
      String lifetimeNote) {
    if (exp.isEmpty()) {
      return Outcome.fail("no exp claim: the token never expires");
    }
    if (iat.isEmpty()) {
      return Outcome.fail("no iat claim: the token's lifetime cannot be bounded");
    }
    Duration lifetime = Duration.between(iat.get(), exp.get());
    if (lifetime.isNegative()) {
      return Outcome.fail("exp " + exp.get() + " is before iat " + iat.get());
    }
    if (lifetime.compareTo(maxLifetime) > 0) {
      return Outcome.fail(
          "lifetime iat..exp of "
              + lifetime.toSeconds()
              + " s is over the limit of "
              + maxLifetime.toSeconds()
              + " s ("
              + lifetimeNote
              + ")");
    }
    if (!now.isBefore(exp.get())) {
      return Outcome.fail("expired at " + exp.get() + " (now " + now + ")");
    }
    if (nbf.isPresent() && now.isBefore(nbf.get())) {
      return Outcome.fail("not valid before " + nbf.get() + " (now " + now + ")");
    }
    if (now.isBefore(iat.get())) {
      return Outcome.fail("issued in the future at " + iat.get() + " (now " + now + ")");
    }
    return Outcome.PASS;
  }
}
