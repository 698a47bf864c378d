package dev.teepol.fuzz.sigstore;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.fuzz.Sim;
import dev.teepol.fuzz.SimSigstoreFixture;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.sigstore.SigstoreProvider;

/**
 * A Sigstore bundle appraised: parse, the Fulcio chain and SCT, the Rekor inclusion proof and
 * checkpoint, the DSSE signature and the in-toto statement, under the test Sigstore's trusted root.
 */
class SigstoreAppraiseFuzzTest {
  private static final SigstoreProvider PROVIDER = Sim.provider(SigstoreProvider.class);
  private static final AppraisalContext CONTEXT = SimSigstoreFixture.CONTEXT;

  @FuzzTest
  void appraise(byte[] bundle) {
    Typed.appraisal(PROVIDER.appraise(new EvidenceSource("fuzz", bundle), CONTEXT));
  }
}
