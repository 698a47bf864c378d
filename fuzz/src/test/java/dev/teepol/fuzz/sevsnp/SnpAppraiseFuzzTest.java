package dev.teepol.fuzz.sevsnp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.fuzz.Sim;
import dev.teepol.fuzz.SimSnpFixture;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.sevsnp.SnpProvider;

/**
 * A SEV-SNP report appraised end to end: parse, VCEK from the certificate directory, the AMD test
 * PKI chain, the report signature, TCB and policy checks.
 */
class SnpAppraiseFuzzTest {
  private static final SnpProvider PROVIDER = Sim.provider(SnpProvider.class);
  private static final AppraisalContext CONTEXT = SimSnpFixture.CONTEXT;

  @FuzzTest
  void appraise(byte[] report) {
    Typed.appraisal(PROVIDER.appraise(new EvidenceSource("fuzz", report), CONTEXT));
  }
}
