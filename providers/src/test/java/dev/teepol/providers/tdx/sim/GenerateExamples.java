package dev.teepol.providers.tdx.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes the committed example evidence under {@code examples/tdx}: a valid v4 quote with its
 * collateral and test root, a valid v5 (TD 1.5) quote, and one directory per {@link Breakage}.
 * Quote-side breakages reuse the shared collateral; collateral-side ones get their own. Output is
 * byte-identical on every run (see {@link DcapSimulator}), so a regeneration shows up in git only
 * when the simulator changed. Run through {@code examples/regenerate.sh}.
 */
public final class GenerateExamples {
  private GenerateExamples() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "examples/tdx");
    // Start clean so a breakage that was renamed or removed does not linger.
    deleteRecursively(out);

    DcapSimulator.builder().build().generate().writeTo(out);
    Files.write(
        out.resolve("quote-v5.bin"),
        DcapSimulator.builder()
            .quoteVersion(5)
            .bodyType(TdBodyType.TD15)
            .build()
            .generate()
            .quote());

    for (Breakage b : Breakage.values()) {
      SimulatedDcap sim = DcapSimulator.builder().breakage(b).build().generate();
      Path dir = out.resolve("broken").resolve(b.slug());
      Files.createDirectories(dir);
      Files.write(dir.resolve(CollateralLayout.QUOTE), sim.quote());
      if (b.where() == Breakage.Where.COLLATERAL) {
        sim.writeCollateralTo(dir.resolve(CollateralLayout.COLLATERAL_DIR));
      }
    }
    System.out.println("wrote examples to " + out.toAbsolutePath().normalize());
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
