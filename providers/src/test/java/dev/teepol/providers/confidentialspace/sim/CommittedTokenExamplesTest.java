package dev.teepol.providers.confidentialspace.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.teepol.providers.mock.GenerateMockExamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token evidence committed under examples/confidentialspace and examples/mock is exactly what
 * the simulators generate today.
 */
class CommittedTokenExamplesTest {
  @Test
  void confidentialSpaceExamplesAreUpToDate(@TempDir Path tmp) throws IOException {
    Path committed = Path.of("..", "examples", "confidentialspace");
    assumeTrue(Files.isDirectory(committed), "examples/confidentialspace not present");
    GenerateTokenExamples.main(new String[] {tmp.toString()});
    same(committed, tmp);
  }

  @Test
  void mockExamplesAreUpToDate(@TempDir Path tmp) throws IOException {
    Path committed = Path.of("..", "examples", "mock");
    assumeTrue(Files.isDirectory(committed), "examples/mock not present");
    GenerateMockExamples.main(new String[] {tmp.toString()});
    same(committed, tmp);
  }

  private static void same(Path committed, Path generated) throws IOException {
    List<Path> expected = files(generated);
    assertThat(files(committed)).as("run examples/regenerate.sh").isEqualTo(expected);
    for (Path rel : expected) {
      assertThat(Files.readAllBytes(committed.resolve(rel)))
          .as(rel + " is stale: run examples/regenerate.sh")
          .isEqualTo(Files.readAllBytes(generated.resolve(rel)));
    }
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }
}
