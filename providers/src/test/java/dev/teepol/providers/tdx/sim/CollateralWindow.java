package dev.teepol.providers.tdx.sim;

import java.time.Instant;

/** When a collateral document was issued and when it stops being current. */
public record CollateralWindow(Instant issued, Instant nextUpdate) {}
