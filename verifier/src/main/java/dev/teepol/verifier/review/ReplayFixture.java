package dev.teepol.verifier.review;

import dev.teepol.core.spi.Appraisal;
import java.time.Instant;
import java.util.Objects;

/**
 * Evidence appraised once, to be judged by two versions of a policy: what the providers concluded
 * does not depend on the policy, so both verdicts come from the same appraisal at the same instant.
 *
 * @param name how reports name it ({@code near.tests.yaml › OutOfDate gateway}, {@code
 *     tdx/dcapqvl-tdx-v4-uptodate})
 * @param at the instant it is judged at (the case's {@code at}, the corpus case's {@code
 *     verify_at}): never the wall clock
 */
public record ReplayFixture(String name, Appraisal appraisal, Instant at) {
  public ReplayFixture {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(appraisal, "appraisal");
    Objects.requireNonNull(at, "at");
  }
}
