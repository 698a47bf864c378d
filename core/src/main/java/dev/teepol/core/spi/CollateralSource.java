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

  /**
   * Asks each source in turn and returns the first document found, so a DCAP directory and, say, an
   * NRAS capture directory can serve one appraisal. A source that fails stops the search: falling
   * through to the next one could mask a broken or tampered store.
   */
  static CollateralSource firstOf(CollateralSource... sources) {
    java.util.List<CollateralSource> list = java.util.List.of(sources);
    return new CollateralSource() {
      @Override
      public Optional<CollateralDocument> fetch(CollateralRequest request)
          throws CollateralException {
        for (CollateralSource s : list) {
          Optional<CollateralDocument> d = s.fetch(request);
          if (d.isPresent()) {
            return d;
          }
        }
        return Optional.empty();
      }

      @Override
      public String describe() {
        return String.join(" then ", list.stream().map(CollateralSource::describe).toList());
      }
    };
  }

  /** Human-readable description for verdict output. */
  default String describe() {
    return getClass().getSimpleName();
  }
}
