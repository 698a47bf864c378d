package dev.teepol.verifier;

import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.core.spi.CollateralSource;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A collateral source that tells an observer about every request; the answer is passed on
 * unchanged. Durations are measured with {@link System#nanoTime()}: they describe the service, not
 * the evidence, so they never reach a verdict.
 */
final class ObservedCollateralSource implements CollateralSource {
  private final CollateralSource delegate;
  private final Consumer<CollateralFetch> observer;

  ObservedCollateralSource(CollateralSource delegate, Consumer<CollateralFetch> observer) {
    this.delegate = delegate;
    this.observer = observer;
  }

  @Override
  public Optional<CollateralDocument> fetch(CollateralRequest request) throws CollateralException {
    long start = System.nanoTime();
    CollateralFetch.Result result = CollateralFetch.Result.FAILED;
    try {
      Optional<CollateralDocument> d = delegate.fetch(request);
      result = d.isPresent() ? CollateralFetch.Result.FOUND : CollateralFetch.Result.NOT_FOUND;
      return d;
    } finally {
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      try {
        observer.accept(
            new CollateralFetch(request.type(), delegate.getClass().getSimpleName(), result, took));
      } catch (RuntimeException e) {
        // An observer's bug must not change a verification.
      }
    }
  }

  @Override
  public String describe() {
    return delegate.describe();
  }
}
