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
   * @param audience the audience a token must be issued to (Confidential Space)
   * @param mockKey a file holding the HMAC key shared with a mock attester
   */
  record Raw(
      Path file,
      Optional<Path> collateral,
      Optional<Path> trustAnchor,
      Optional<String> nonce,
      Optional<String> audience,
      Optional<Path> mockKey)
      implements CaseEvidence {

    /** Evidence without an audience or a mock key. */
    public Raw(
        Path file, Optional<Path> collateral, Optional<Path> trustAnchor, Optional<String> nonce) {
      this(file, collateral, trustAnchor, nonce, Optional.empty(), Optional.empty());
    }
  }

  /**
   * Evidence written in the normalized evidence model (docs/evidence-model.md), with the provider
   * checks it claims.
   */
  record Normalized(Appraisal appraisal) implements CaseEvidence {}
}
