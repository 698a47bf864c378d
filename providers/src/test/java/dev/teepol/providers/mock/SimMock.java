package dev.teepol.providers.mock;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.RelyingParty;
import dev.teepol.core.spi.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The development attester's simulator: a test key, a challenge, and answers made with them. */
public final class SimMock {
  public static final byte[] KEY = "teepol-test-mock-key-0001".getBytes(StandardCharsets.UTF_8);
  public static final byte[] PUBLISHED = "weloveblindference".getBytes(StandardCharsets.UTF_8);
  public static final Instant ISSUED = Instant.parse("2025-01-01T00:00:00Z");
  public static final Instant EXPIRES = ISSUED.plusSeconds(300);
  public static final byte[] NONCE =
      HexFormat.of().parseHex("5f2b9c0e5f2b9c0e5f2b9c0e5f2b9c0e5f2b9c0e5f2b9c0e5f2b9c0e5f2b9c0e");

  private SimMock() {}

  public static MockChallenge challenge() {
    return new MockChallenge("c-0001", NONCE, ISSUED, EXPIRES);
  }

  public static String answer(byte[] key, MockChallenge c) {
    return new MockAnswer(c, MockMac.compute(key, c)).toJson();
  }

  public static byte[] answer() {
    return answer(KEY, challenge()).getBytes(StandardCharsets.UTF_8);
  }

  /** At {@code at}, with these mock keys, and the nonce when {@code withNonce}. */
  public static AppraisalContext context(Instant at, List<byte[]> keys, boolean withNonce) {
    AppraisalContext ctx =
        new AppraisalContext(
            Clock.fixed(at, ZoneOffset.UTC),
            TrustAnchors.defaults(),
            CollateralSource.none(),
            Optional.empty(),
            Limits.DEFAULT,
            RelyingParty.NONE.withMockKeys(keys));
    return withNonce ? ctx.withExpectedNonce(NONCE) : ctx;
  }
}
