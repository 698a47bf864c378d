package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit item 7: every file the CLI reads is read through one bounded reader, whatever its type. A
 * device such as /dev/zero reports size 0, so a size check before an unbounded read let it exhaust
 * the heap. Each command must refuse it with one line naming the limit, exit 2, and stop quickly.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileInputFilesTest {
  static final String ZERO = "/dev/zero";
  @TempDir Path dir;

  @BeforeAll
  static void needsDevZero() {
    assumeTrue(Files.exists(Path.of(ZERO)), "needs /dev/zero");
  }

  private Path evidence() throws Exception {
    return Files.write(dir.resolve("q.bin"), FakeProvider.ALLOW);
  }

  private static void refusedAtTheLimit(CliRun r, String limit) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.err())
        .contains(ZERO)
        .contains("over the limit of " + limit)
        .doesNotContain("internal error", "Exception");
  }

  @Test
  void aPolicyFromADeviceIsRefusedAtOneMebibyte() throws Exception {
    refusedAtTheLimit(
        CliRun.fake(
            "verify", evidence().toString(), "--policy", ZERO, "--at", "2025-01-01T00:00:00Z"),
        String.valueOf(1 << 20));
    refusedAtTheLimit(CliRun.fake("policy", "show", ZERO), String.valueOf(1 << 20));
  }

  @Test
  void lintReadsANamedDeviceBoundedInsteadOfCallingItMissing() throws Exception {
    CliRun r = CliRun.fake("lint", ZERO);
    assertThat(r.out() + r.err())
        .contains("over the limit of " + (1 << 20))
        .doesNotContain("no such file", "internal error");
    assertThat(r.exitCode()).isNotEqualTo(ExitCodes.ALLOW);
  }

  @Test
  void aTrustAnchorFromADeviceIsRefusedAtSixtyFourKibibytes() throws Exception {
    refusedAtTheLimit(
        CliRun.fake(
            "verify",
            evidence().toString(),
            "--trust-anchor",
            ZERO,
            "--at",
            "2025-01-01T00:00:00Z"),
        String.valueOf(64 << 10));
  }

  @Test
  void evidenceFromADeviceIsRefusedAtTheEvidenceLimit() throws Exception {
    refusedAtTheLimit(
        CliRun.fake("verify", ZERO, "--at", "2025-01-01T00:00:00Z"), String.valueOf(32L << 20));
  }

  @Test
  void aPolicyThatIsNotUtf8IsOneLineWithTheOffset() throws Exception {
    Path p = Files.write(dir.resolve("p.yaml"), new byte[] {'a', 'p', 'i', (byte) 0xc3, 0x28});
    CliRun r =
        CliRun.fake(
            "verify",
            evidence().toString(),
            "--policy",
            p.toString(),
            "--at",
            "2025-01-01T00:00:00Z");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.err()).contains("not UTF-8 text (invalid byte at offset 3)");
  }
}
