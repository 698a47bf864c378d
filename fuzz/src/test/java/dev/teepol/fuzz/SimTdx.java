package dev.teepol.fuzz;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One simulated TDX platform (the project's DCAP simulator and test PKI), built once per JVM: the
 * collateral, chains and anchors the TDX targets verify against, so a mutated quote reaches the
 * signature, chain and TCB code rather than stopping at "no collateral".
 */
public final class SimTdx {
  private SimTdx() {}

  public static final SimulatedDcap SIM = DcapSimulator.builder().build().generate();

  /** Offline, at the simulator's instant, with its collateral and its root pinned. */
  public static final AppraisalContext CONTEXT = context();

  private static AppraisalContext context() {
    try {
      Path dir = Files.createTempDirectory("teepol-fuzz-collateral");
      dir.toFile().deleteOnExit();
      SIM.writeCollateralTo(dir);
      for (Path f : List.of(dir.toFile().list()).stream().map(dir::resolve).toList()) {
        f.toFile().deleteOnExit();
      }
      return AppraisalContext.offline(Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC))
          .withCollateral(new MemoCollateral(new DirectoryCollateralSource(dir, Limits.DEFAULT)))
          .withTrustAnchors(
              TrustAnchors.defaults().with(TrustAnchors.INTEL_SGX_ROOT, List.of(SIM.root())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
