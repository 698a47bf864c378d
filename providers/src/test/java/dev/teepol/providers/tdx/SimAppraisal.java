package dev.teepol.providers.tdx;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import dev.teepol.providers.tdx.sim.CollateralLayout;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Appraises simulated DCAP evidence the way the CLI does: collateral from a directory, the test
 * root pinned.
 */
final class SimAppraisal {
  private SimAppraisal() {}

  /**
   * Writes {@code sim} under a fresh directory in {@code tmp} and appraises its quote at {@link
   * DcapSimulator#VERIFY_AT}.
   */
  static Appraisal appraise(SimulatedDcap sim, Path tmp) throws IOException {
    return appraise(sim, tmp, UnaryOperator.identity());
  }

  /**
   * As {@link #appraise(SimulatedDcap, Path)}, after {@code editTcbInfoFile} rewrote the written
   * tcb_info.json.
   */
  static Appraisal appraise(SimulatedDcap sim, Path tmp, UnaryOperator<String> editTcbInfoFile)
      throws IOException {
    Path dir = Files.createTempDirectory(tmp, "dcap");
    sim.writeTo(dir);
    Path collateral = dir.resolve(CollateralLayout.COLLATERAL_DIR);
    Path tcbInfo = collateral.resolve(CollateralLayout.TCB_INFO);
    Files.writeString(tcbInfo, editTcbInfoFile.apply(Files.readString(tcbInfo)));
    AppraisalContext ctx =
        AppraisalContext.offline(Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC))
            .withCollateral(new DirectoryCollateralSource(collateral, Limits.DEFAULT))
            .withTrustAnchors(
                TrustAnchors.defaults().with(TrustAnchors.INTEL_SGX_ROOT, List.of(sim.root())));
    return new TdxProvider().appraise(new EvidenceSource("simulated quote", sim.quote()), ctx);
  }

  static boolean failed(Appraisal a, String checkId) {
    return a.check(checkId).map(c -> c.outcome() instanceof Outcome.Fail).orElse(false);
  }

  static String reason(Appraisal a, String checkId) {
    return a.check(checkId).map(CheckResult::explanation).orElse("(no check " + checkId + ")");
  }

  static String describe(Appraisal a) {
    return a.checks().stream()
        .filter(c -> !c.passed())
        .map(c -> c.id() + " " + c.outcome().label() + " " + c.explanation())
        .collect(Collectors.joining("\n  ", "non-passing checks:\n  ", ""));
  }
}
