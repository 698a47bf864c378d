package dev.teepol.server.challenge;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks freshness challenges without storing what it issued: a token is {@code version
 * ‖ expiry ‖ 16 random bytes ‖ HMAC-SHA256(key, "mac" ‖ those)}, and its nonce is {@code
 * HMAC-SHA256(key, "nonce" ‖ those)}. Any replica holding the same key recognizes the token and
 * derives the same nonce; nobody without the key can make a token or predict a nonce.
 *
 * <p>Single use is enforced per replica: a used token is remembered until it expires (at most
 * {@code maxOutstanding} of them; when full, further uses are refused rather than an old one
 * forgotten). A token replayed to another replica within its lifetime is accepted there: see
 * docs/service.md for when that matters and how to avoid it.
 */
public final class Challenges {
  static final byte VERSION = 1;
  static final int RANDOM_BYTES = 16;
  static final int BODY_BYTES = 1 + 8 + RANDOM_BYTES;
  static final int TOKEN_BYTES = BODY_BYTES + 32;

  /** The longest base64url text of a token; anything longer is refused before decoding. */
  static final int TOKEN_CHARS = (TOKEN_BYTES * 4 + 2) / 3;

  public static final int MIN_KEY_BYTES = 32;
  public static final int DEFAULT_MAX_OUTSTANDING = 100_000;

  private final byte[] key;
  private final Clock clock;
  private final Duration ttl;
  private final int maxOutstanding;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> spent = new ConcurrentHashMap<>();

  public Challenges(byte[] key, Clock clock, Duration ttl, int maxOutstanding) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "a challenge key needs at least " + MIN_KEY_BYTES + " bytes, got " + key.length);
    }
    this.key = key.clone();
    this.clock = clock;
    this.ttl = ttl;
    this.maxOutstanding = maxOutstanding;
  }

  public Duration ttl() {
    return ttl;
  }

  /** A fresh challenge, valid for the configured time. */
  public Challenge issue() {
    Instant expires = clock.instant().plus(ttl);
    byte[] body = new byte[BODY_BYTES];
    ByteBuffer b = ByteBuffer.wrap(body);
    b.put(VERSION);
    b.putLong(expires.getEpochSecond());
    byte[] r = new byte[RANDOM_BYTES];
    random.nextBytes(r);
    b.put(r);
    byte[] token = new byte[TOKEN_BYTES];
    System.arraycopy(body, 0, token, 0, BODY_BYTES);
    System.arraycopy(mac("mac", body), 0, token, BODY_BYTES, 32);
    return new Challenge(
        Base64.getUrlEncoder().withoutPadding().encodeToString(token),
        mac("nonce", body),
        Instant.ofEpochSecond(expires.getEpochSecond()));
  }

  /**
   * Checks a token without using it up.
   *
   * @return the challenge it stands for
   */
  public Challenge check(String token) throws ChallengeException {
    if (token == null || token.isEmpty() || token.length() > TOKEN_CHARS) {
      throw new ChallengeException(
          ChallengeProblem.INVALID,
          "challenge: not a token issued by POST /v1/challenge (expected "
              + TOKEN_CHARS
              + " base64url characters)");
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw new ChallengeException(ChallengeProblem.INVALID, "challenge: not base64url");
    }
    if (raw.length != TOKEN_BYTES || raw[0] != VERSION) {
      throw new ChallengeException(
          ChallengeProblem.INVALID, "challenge: not a token issued by POST /v1/challenge");
    }
    byte[] body = Arrays.copyOf(raw, BODY_BYTES);
    byte[] tag = Arrays.copyOfRange(raw, BODY_BYTES, TOKEN_BYTES);
    if (!MessageDigest.isEqual(tag, mac("mac", body))) {
      throw new ChallengeException(
          ChallengeProblem.INVALID,
          "challenge: not issued by this service (or by a replica with another challenge key)");
    }
    Instant expires = Instant.ofEpochSecond(ByteBuffer.wrap(body, 1, 8).getLong());
    Instant now = clock.instant();
    if (now.isAfter(expires)) {
      throw new ChallengeException(
          ChallengeProblem.EXPIRED,
          "challenge: expired at " + expires + " (now " + now + "); ask POST /v1/challenge again");
    }
    return new Challenge(token, mac("nonce", body), expires);
  }

  /**
   * Checks a token and marks it used on this replica; a second use is refused.
   *
   * @return the challenge it stands for
   */
  public Challenge use(String token) throws ChallengeException {
    Challenge c = check(token);
    Instant now = clock.instant();
    if (spent.size() >= maxOutstanding) {
      prune(now);
      if (spent.size() >= maxOutstanding) {
        throw new ChallengeException(
            ChallengeProblem.TOO_MANY_OUTSTANDING,
            "challenge: "
                + maxOutstanding
                + " used challenges are still unexpired on this replica; try again shortly");
      }
    }
    if (spent.putIfAbsent(c.token(), c.expiresAt()) != null) {
      throw new ChallengeException(
          ChallengeProblem.REPLAYED,
          "challenge: already used; every verification needs a fresh POST /v1/challenge");
    }
    return c;
  }

  /** Used challenges remembered now (they are forgotten once expired). */
  public int outstanding() {
    return spent.size();
  }

  private void prune(Instant now) {
    for (Iterator<Map.Entry<String, Instant>> it = spent.entrySet().iterator(); it.hasNext(); ) {
      if (now.isAfter(it.next().getValue())) {
        it.remove();
      }
    }
  }

  private byte[] mac(String label, byte[] body) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      m.update(
          ("teepol-challenge-v1 " + label).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      m.update((byte) 0);
      return m.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
