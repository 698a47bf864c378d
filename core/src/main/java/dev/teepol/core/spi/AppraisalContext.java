package dev.teepol.core.spi;

import dev.teepol.core.limits.Limits;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a provider may consult besides the evidence itself. Time comes only from {@link
 * #clock()}; nothing in teepol reads the wall clock behind the caller's back.
 *
 * @param expectedNonce the freshness challenge the caller issued, when there was one
 */
public record AppraisalContext(
    Clock clock,
    TrustAnchors trustAnchors,
    CollateralSource collateral,
    Optional<byte[]> expectedNonce,
    Limits limits) {

  public AppraisalContext {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(trustAnchors, "trustAnchors");
    Objects.requireNonNull(collateral, "collateral");
    Objects.requireNonNull(expectedNonce, "expectedNonce");
    Objects.requireNonNull(limits, "limits");
  }

  /** Offline, default anchors and limits, no nonce, at the given clock. */
  public static AppraisalContext offline(Clock clock) {
    return new AppraisalContext(
        clock, TrustAnchors.defaults(), CollateralSource.none(), Optional.empty(), Limits.DEFAULT);
  }

  public AppraisalContext withCollateral(CollateralSource source) {
    return new AppraisalContext(clock, trustAnchors, source, expectedNonce, limits);
  }

  public AppraisalContext withTrustAnchors(TrustAnchors anchors) {
    return new AppraisalContext(clock, anchors, collateral, expectedNonce, limits);
  }

  /**
   * This context without a nonce: for a part whose nonce convention its container checks itself.
   */
  public AppraisalContext withoutExpectedNonce() {
    return new AppraisalContext(clock, trustAnchors, collateral, Optional.empty(), limits);
  }

  public AppraisalContext withExpectedNonce(byte[] nonce) {
    return new AppraisalContext(
        clock, trustAnchors, collateral, Optional.of(nonce.clone()), limits);
  }
}
