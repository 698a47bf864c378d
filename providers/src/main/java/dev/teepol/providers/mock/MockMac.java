package dev.teepol.providers.mock;

import dev.teepol.core.bytes.Hex;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The development attester's MAC, one definition for {@code teepol mock attest} and the provider:
 * HMAC-SHA256 under the shared key over {@code "teepol-mock-v1\n" challengeId "\n" nonce-hex "\n"
 * issuedAt "\n" expiresAt} (instants in ISO 8601 UTC as {@link java.time.Instant#toString()} writes
 * them). Blindference MACs the nonce alone; covering the id and both times too means an observer
 * cannot stretch an old answer's expiry, and the version prefix keeps the MAC from meaning anything
 * in another protocol that shares the key.
 */
public final class MockMac {
  static final String DOMAIN = "teepol-mock-v1";

  private MockMac() {}

  public static byte[] compute(byte[] key, MockChallenge c) {
    String msg =
        DOMAIN
            + "\n"
            + c.challengeId()
            + "\n"
            + Hex.of(c.nonce())
            + "\n"
            + c.issuedAt()
            + "\n"
            + c.expiresAt();
    return hmac(key, msg.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A short public identifier of a key, safe to print: the first 8 bytes of HMAC-SHA256(key,
   * "teepol mock key id"), hex. (It reveals no more about the key than any answer's MAC does.)
   */
  public static String keyId(byte[] key) {
    return Hex.of(
        Arrays.copyOf(hmac(key, "teepol mock key id".getBytes(StandardCharsets.US_ASCII)), 8));
  }

  private static byte[] hmac(byte[] key, byte[] msg) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(msg);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
