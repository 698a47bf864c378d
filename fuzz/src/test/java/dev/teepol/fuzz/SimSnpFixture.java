package dev.teepol.fuzz;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.providers.sevsnp.collateral.AmdCertificateDirectory;
import dev.teepol.providers.sevsnp.sim.AmdTestPki;
import dev.teepol.providers.sevsnp.sim.SimSnp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The SEV-SNP simulator's default report (Milan, version 3) and the directory a relying party keeps
 * for it (VCEK, ASK/ARK), under the AMD test PKI, at {@link SimSnp#VERIFY_AT}. The chip key is
 * derived from a fixed seed, so a committed seed report verifies in every JVM.
 */
public final class SimSnpFixture {
  private SimSnpFixture() {}

  public static final SimSnp.Output SIM = SimSnp.builder().build();

  public static final AppraisalContext CONTEXT = context();

  private static AppraisalContext context() {
    try {
      Path dir = Files.createTempDirectory("teepol-fuzz-snp");
      SIM.writeTo(dir);
      return new AppraisalContext(
          Clock.fixed(SimSnp.VERIFY_AT, ZoneOffset.UTC),
          AmdTestPki.get().anchors(),
          new AmdCertificateDirectory(dir, Limits.DEFAULT),
          Optional.empty(),
          Limits.DEFAULT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
