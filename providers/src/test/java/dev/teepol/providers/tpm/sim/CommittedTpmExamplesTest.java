package dev.teepol.providers.tpm.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evidence committed under examples/tpm is exactly what the simulator generates today. */
class CommittedTpmExamplesTest {
  /** Surefire runs in the providers module directory. */
  private static final Path COMMITTED = Path.of("..", "examples", "tpm");

  @Test
  void committedExamplesAreUpToDate(@TempDir Path tmp) throws IOException {
    assumeTrue(Files.isDirectory(COMMITTED), "examples/tpm not present");
    GenerateTpmExamples.main(new String[] {tmp.toString()});
    List<Path> expected = files(tmp);
    assertThat(files(COMMITTED)).as("run examples/regenerate.sh").isEqualTo(expected);
    for (Path rel : expected) {
      assertThat(Files.readAllBytes(COMMITTED.resolve(rel)))
          .as(rel + " is stale: run examples/regenerate.sh")
          .isEqualTo(Files.readAllBytes(tmp.resolve(rel)));
    }
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }
}
