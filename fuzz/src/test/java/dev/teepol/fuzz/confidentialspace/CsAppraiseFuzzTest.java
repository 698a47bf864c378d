package dev.teepol.fuzz.confidentialspace;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.fuzz.Sim;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.confidentialspace.ConfidentialSpaceProvider;
import dev.teepol.providers.confidentialspace.sim.SimCs;
import dev.teepol.providers.confidentialspace.sim.SimCsToken;

/**
 * A Confidential Space token appraised: parse, the x5c chain to the pinned test root or the
 * configured JWKS, the RS256 signature, time, audience and nonce, and the claims.
 */
class CsAppraiseFuzzTest {
  private static final ConfidentialSpaceProvider PROVIDER =
      Sim.provider(ConfidentialSpaceProvider.class);
  private static final AppraisalContext CONTEXT = SimCs.context(SimCsToken.verifyAt(), true);

  @FuzzTest
  void appraise(byte[] token) {
    Typed.appraisal(PROVIDER.appraise(new EvidenceSource("fuzz", token), CONTEXT));
  }
}
