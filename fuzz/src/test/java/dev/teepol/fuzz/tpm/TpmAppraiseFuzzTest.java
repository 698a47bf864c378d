package dev.teepol.fuzz.tpm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.fuzz.Sim;
import dev.teepol.fuzz.SimTpmFixture;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.tpm.TpmProvider;

/**
 * A TPM attestation appraised end to end: the go-tpm-tools protobuf (or JSON dump), the AK public
 * area and attributes, the AK certificate chain to the pinned test AK CA, each quote's signature,
 * PCR digest, boot counter and nonce, the TCG event log and canonical event log replayed against
 * the quoted PCRs.
 */
class TpmAppraiseFuzzTest {
  private static final TpmProvider PROVIDER = Sim.provider(TpmProvider.class);
  private static final AppraisalContext CONTEXT = SimTpmFixture.CONTEXT;

  @FuzzTest
  void appraise(byte[] attestation) {
    Typed.appraisal(PROVIDER.appraise(new EvidenceSource("fuzz", attestation), CONTEXT));
  }
}
