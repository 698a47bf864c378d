package dev.teepol.policy.test;

import dev.teepol.core.spi.Appraisal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The evidence of a case: raw files a provider appraises, or the normalized model given directly.
 */
public sealed interface CaseEvidence permits CaseEvidence.Raw, CaseEvidence.Normalized {

  /**
   * Evidence files as {@code teepol verify} takes them; paths are already resolved against the
   * suite's directory.
   *
   * @param trustAnchors trust-anchor files (certificates, or a Sigstore trusted root), each
   *     replacing the embedded default of its purpose
   * @param nonce the expected freshness challenge, hex
   * @param audience the audience a token must be issued to (Confidential Space)
   * @param mockKey a file holding the HMAC key shared with a mock attester
   * @param releases signed release folders verified with the evidence ({@code --release})
   */
  record Raw(
      Path file,
      Optional<Path> collateral,
      List<Path> trustAnchors,
      Optional<String> nonce,
      Optional<String> audience,
      Optional<Path> mockKey,
      List<Path> releases)
      implements CaseEvidence {

    public Raw {
      trustAnchors = List.copyOf(trustAnchors);
      releases = List.copyOf(releases);
    }

    /** Evidence with at most one trust anchor, no audience, mock key or release. */
    public Raw(
        Path file, Optional<Path> collateral, Optional<Path> trustAnchor, Optional<String> nonce) {
      this(
          file,
          collateral,
          trustAnchor.stream().toList(),
          nonce,
          Optional.empty(),
          Optional.empty(),
          List.of());
    }
  }

  /**
   * Evidence written in the normalized evidence model (docs/evidence-model.md), with the provider
   * checks it claims.
   */
  record Normalized(Appraisal appraisal) implements CaseEvidence {}
}
