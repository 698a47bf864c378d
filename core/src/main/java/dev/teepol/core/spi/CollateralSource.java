package dev.teepol.core.spi;

import java.util.Optional;

/**
 * Where providers get collateral (TCB data, CRLs, identities). Offline use is a directory; online
 * use an HTTP source with a cache. An empty answer means "not available": the checks that need it
 * become UNEVALUABLE, never PASS.
 */
public interface CollateralSource {

  Optional<CollateralDocument> fetch(CollateralRequest request) throws CollateralException;

  /** Offline with no collateral: every collateral-dependent check is UNEVALUABLE. */
  static CollateralSource none() {
    return request -> Optional.empty();
  }

  /** Human-readable description for verdict output. */
  default String describe() {
    return getClass().getSimpleName();
  }
}
