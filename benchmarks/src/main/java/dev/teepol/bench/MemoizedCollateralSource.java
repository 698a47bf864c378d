package dev.teepol.bench;

import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.core.spi.CollateralSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves each document from memory after its first fetch, for ever. Benchmark-only: it keeps disk
 * (or network) I/O out of the timings so they show verification cost alone. Production sources
 * expire what they cache (see PcsHttpCollateralSource).
 */
final class MemoizedCollateralSource implements CollateralSource {
  private final CollateralSource delegate;
  private final Map<CollateralRequest, Optional<CollateralDocument>> docs =
      new ConcurrentHashMap<>();

  MemoizedCollateralSource(CollateralSource delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<CollateralDocument> fetch(CollateralRequest request) throws CollateralException {
    Optional<CollateralDocument> doc = docs.get(request);
    if (doc == null) {
      doc = delegate.fetch(request);
      docs.put(request, doc);
    }
    return doc;
  }

  @Override
  public String describe() {
    return "memoized " + delegate.describe();
  }
}
