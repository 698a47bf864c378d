package dev.teepol.core.evidence;

import java.time.Instant;
import java.util.Optional;

/** When the collateral used for the TCB judgement was issued and when it must be replaced. */
public record CollateralInfo(
    Optional<Instant> issuedAt, Optional<Instant> nextUpdate, String source) {
  public static final CollateralInfo NONE =
      new CollateralInfo(Optional.empty(), Optional.empty(), "");
}
