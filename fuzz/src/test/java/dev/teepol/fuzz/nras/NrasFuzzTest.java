package dev.teepol.fuzz.nras;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.fuzz.Sim;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.nras.NrasProvider;

/**
 * An NVIDIA NRAS attestation response: the JSON array of tokens, the overall and per-GPU EATs
 * verified against the example's JWKS and test intermediate, their claims and the submodule
 * digests.
 */
class NrasFuzzTest {
  private static final NrasProvider PROVIDER = Sim.provider(NrasProvider.class);

  /** The recorded verdict of examples/near-signature, with its JWKS and test intermediate. */
  private static final AppraisalContext CONTEXT = Sim.nearSignatureContext();

  @FuzzTest
  void appraise(byte[] response) {
    Typed.appraisal(PROVIDER.appraise(new EvidenceSource("fuzz", response), CONTEXT));
  }
}
