package dev.teepol.fuzz.dstack;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.fuzz.Sim;
import dev.teepol.fuzz.SimTdx;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.dstack.DstackProvider;

/**
 * A dstack attestation document: JSON, the event log, RTMR replay, mr_config and app-compose
 * bindings, and the embedded TDX quote verified against the simulator's collateral.
 */
class DstackFuzzTest {
  private static final DstackProvider PROVIDER = Sim.provider(DstackProvider.class);
  private static final AppraisalContext CONTEXT = SimTdx.CONTEXT;

  @FuzzTest
  void appraise(byte[] document) {
    Typed.appraisal(PROVIDER.appraise(new EvidenceSource("fuzz", document), CONTEXT));
  }
}
