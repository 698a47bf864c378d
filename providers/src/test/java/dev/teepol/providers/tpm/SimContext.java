package dev.teepol.providers.tpm;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.providers.testsupport.StrictPolicy;
import dev.teepol.providers.tpm.sim.SimulatedTpm;
import dev.teepol.providers.tpm.sim.TpmSimulator;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;

/** How the tests appraise simulated TPM evidence: its test AK CA trusted, its nonce expected. */
final class SimContext {
  static final TpmProvider PROVIDER = new TpmProvider();

  private SimContext() {}

  /** The relying party of simulated evidence: trusts the test AK CA, at VERIFY_AT. */
  static AppraisalContext of(SimulatedTpm sim) {
    return AppraisalContext.offline(Clock.fixed(TpmSimulator.VERIFY_AT, ZoneOffset.UTC))
        .withTrustAnchors(
            TrustAnchors.defaults()
                .with(TrustAnchors.TPM_AK_ROOT, java.util.List.of(sim.akCaRoot())));
  }

  static Appraisal appraise(SimulatedTpm sim, AppraisalContext ctx) {
    return PROVIDER.appraise(new EvidenceSource("sim.pb", sim.attestation()), ctx);
  }

  /** With the simulated nonce expected. */
  static Appraisal appraise(SimulatedTpm sim) {
    return appraise(sim, of(sim).withExpectedNonce(sim.nonce()));
  }

  static Verdict strict(Appraisal a) {
    return StrictPolicy.evaluate(a, TpmSimulator.VERIFY_AT);
  }

  /** Every check of builtin:strict's verdict that did not pass. */
  static Set<String> failing(Appraisal a) {
    Set<String> out = new TreeSet<>();
    for (CheckResult c : strict(a).checks()) {
      if (!c.passed()) {
        out.add(c.id());
      }
    }
    return out;
  }
}
