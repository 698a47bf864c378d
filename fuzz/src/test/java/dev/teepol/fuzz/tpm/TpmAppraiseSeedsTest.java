package dev.teepol.fuzz.tpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.fuzz.Sim;
import dev.teepol.fuzz.SimTpmFixture;
import dev.teepol.fuzz.Typed;
import dev.teepol.providers.tpm.TpmProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every TpmAppraiseFuzzTest seed passes every check, so the fuzzer starts from verified evidence.
 */
class TpmAppraiseSeedsTest {
  @Test
  void everySeedPassesEveryCheck() throws Exception {
    Path dir = Path.of("src/test/resources/dev/teepol/fuzz/tpm/TpmAppraiseFuzzTestInputs/appraise");
    List<Path> seeds;
    try (Stream<Path> s = Files.list(dir)) {
      seeds = s.filter(p -> p.getFileName().toString().startsWith("seed-")).sorted().toList();
    }
    assertThat(seeds).hasSize(3);
    TpmProvider provider = Sim.provider(TpmProvider.class);
    for (Path p : seeds) {
      List<CheckResult> checks =
          Typed.appraisal(
              provider.appraise(
                  new EvidenceSource(p.getFileName().toString(), Files.readAllBytes(p)),
                  SimTpmFixture.CONTEXT));
      assertThat(checks).as(p.getFileName().toString()).hasSizeGreaterThan(5);
      assertThat(checks.stream().filter(c -> !c.passed()).map(CheckResult::id))
          .as(p.getFileName().toString())
          .isEmpty();
    }
  }
}
