package dev.teepol.policy.test;

import dev.teepol.core.spi.Appraisal;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The evidence of a case: raw files a provider appraises, or the normalized model given directly.
 */
public sealed interface CaseEvidence permits CaseEvidence.Raw, CaseEvidence.Normalized {

  /**
   * Evidence files as {@code teepol verify} takes them; paths are already resolved against the
   * suite's directory.
   *
   * @param nonce the expected freshness challenge, hex
   */
  record Raw(
      Path file, Optional<Path> collateral, Optional<Path> trustAnchor, Optional<String> nonce)
      implements CaseEvidence {}

  /**
   * Evidence written in the normalized evidence model (docs/evidence-model.md), with the provider
   * checks it claims.
   */
  record Normalized(Appraisal appraisal) implements CaseEvidence {}
}
