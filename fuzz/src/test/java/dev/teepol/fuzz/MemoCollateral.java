package dev.teepol.fuzz;

import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.core.spi.CollateralSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fixture's collateral directory read once: the first answer to each request (a document, "not
 * available", or the source's {@link CollateralException}) is kept and served again, each document
 * as a fresh copy. The directories a fuzz target verifies against never change during a run, so the
 * answers are the ones the directory would give; what changes is that an input no longer pays for a
 * few file reads, stats and, for a missing document, a directory listing. Every request is still
 * made, so whatever the fuzzed input puts in one (an FMSPC, a CA type, a TEE) still reaches the
 * source once. At most {@link #MAX} distinct requests are kept, and only small ones (parameters of
 * at most {@link #MAX_PARAMS_CHARS} characters: a DCAP request's FMSPC, CA and TEE, the JWKS
 * request); the others (an NRAS verdict request carries the node's whole GPU payload) go to the
 * delegate every time.
 */
public final class MemoCollateral implements CollateralSource {
  static final int MAX = 4096;
  static final int MAX_PARAMS_CHARS = 256;

  private final CollateralSource delegate;
  private final Map<CollateralRequest, Object> answers = new ConcurrentHashMap<>();

  public MemoCollateral(CollateralSource delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<CollateralDocument> fetch(CollateralRequest request) throws CollateralException {
    int size = 0;
    for (Map.Entry<String, String> p : request.params().entrySet()) {
      size += p.getKey().length() + p.getValue().length();
    }
    if (size > MAX_PARAMS_CHARS) {
      return delegate.fetch(request);
    }
    Object answer = answers.get(request);
    if (answer == null) {
      try {
        answer = delegate.fetch(request);
      } catch (CollateralException e) {
        answer = e;
      }
      if (answers.size() < MAX) {
        answers.put(request, answer);
      }
    }
    if (answer instanceof CollateralException e) {
      throw new CollateralException(e.getMessage(), e.getCause());
    }
    @SuppressWarnings("unchecked")
    Optional<CollateralDocument> d = (Optional<CollateralDocument>) answer;
    return d.map(x -> new CollateralDocument(x.body().clone(), x.issuerChainPem(), x.origin()));
  }

  @Override
  public String describe() {
    return delegate.describe();
  }
}
