package dev.teepol.fuzz.near;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.fuzz.Sim;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.near.NearProvider;

/**
 * A NEAR AI attestation report (JSON or gzip): gateway and model nodes, each with a TDX quote, a
 * dstack event log, the signing key bound in report_data and NVIDIA GPU evidence.
 */
class NearFuzzTest {
  private static final NearProvider PROVIDER = Sim.provider(NearProvider.class);
  private static final AppraisalContext CONTEXT = Sim.nearSignatureContext();

  @FuzzTest
  void appraise(byte[] report) {
    Typed.appraisal(PROVIDER.appraise(new EvidenceSource("fuzz", report), CONTEXT));
  }
}
