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
 * @param relyingParty the audience tokens must name and the keys shared with mock attesters
 */
public record AppraisalContext(
    Clock clock,
    TrustAnchors trustAnchors,
    CollateralSource collateral,
    Optional<byte[]> expectedNonce,
    Limits limits,
    RelyingParty relyingParty) {

  public AppraisalContext {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(trustAnchors, "trustAnchors");
    Objects.requireNonNull(collateral, "collateral");
    Objects.requireNonNull(expectedNonce, "expectedNonce");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(relyingParty, "relyingParty");
  }

  /** A context without relying-party inputs (no audience, no mock keys). */
  public AppraisalContext(
      Clock clock,
      TrustAnchors trustAnchors,
      CollateralSource collateral,
      Optional<byte[]> expectedNonce,
      Limits limits) {
    this(clock, trustAnchors, collateral, expectedNonce, limits, RelyingParty.NONE);
  }

  /** Offline, default anchors and limits, no nonce, at the given clock. */
  public static AppraisalContext offline(Clock clock) {
    return new AppraisalContext(
        clock, TrustAnchors.defaults(), CollateralSource.none(), Optional.empty(), Limits.DEFAULT);
  }

  public AppraisalContext withCollateral(CollateralSource source) {
    return new AppraisalContext(clock, trustAnchors, source, expectedNonce, limits, relyingParty);
  }

  public AppraisalContext withTrustAnchors(TrustAnchors anchors) {
    return new AppraisalContext(clock, anchors, collateral, expectedNonce, limits, relyingParty);
  }

  /**
   * This context without a nonce: for a part whose nonce convention its container checks itself.
   */
  public AppraisalContext withoutExpectedNonce() {
    return new AppraisalContext(
        clock, trustAnchors, collateral, Optional.empty(), limits, relyingParty);
  }

  public AppraisalContext withExpectedNonce(byte[] nonce) {
    return new AppraisalContext(
        clock, trustAnchors, collateral, Optional.of(nonce.clone()), limits, relyingParty);
  }

  public AppraisalContext withRelyingParty(RelyingParty party) {
    return new AppraisalContext(clock, trustAnchors, collateral, expectedNonce, limits, party);
  }
}
