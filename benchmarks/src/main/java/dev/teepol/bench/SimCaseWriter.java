package dev.teepol.bench;

import dev.teepol.providers.tdx.sim.DcapSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the simulator cases the JMH benchmarks use ({@code sim-v4}, {@code sim-v5}) to a
 * directory, so peers (benchmarks/peers) can time the very same quote and collateral at the same
 * instant. Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.teepol.bench.SimCaseWriter
 * DIR}.
 */
public final class SimCaseWriter {
  private SimCaseWriter() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: SimCaseWriter DIR");
      System.exit(2);
    }
    for (int version : new int[] {4, 5}) {
      Path dir = Path.of(args[0]).resolve("sim-v" + version);
      DcapCase.simulate(version).writeTo(dir);
      Files.writeString(
          dir.resolve("verify_at_unix.txt"),
          DcapSimulator.VERIFY_AT.getEpochSecond() + "\n",
          StandardCharsets.US_ASCII);
      System.out.println(dir);
    }
  }
}
