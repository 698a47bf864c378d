package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Providers;
import dev.teepol.verifier.suite.CaseResult;
import dev.teepol.verifier.suite.SuiteResult;
import dev.teepol.verifier.suite.SuiteRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code teepol test examples/policies}: every case of every example suite, through the real
 * runner.
 */
class ExamplePolicySuitesTest {
  static final Path DIR = Path.of("..", "examples", "policies");

  @TestFactory
  Stream<DynamicTest> everyExampleSuitePasses() throws IOException {
    List<Path> suites;
    try (Stream<Path> s = Files.list(DIR)) {
      suites = s.filter(p -> p.getFileName().toString().endsWith(".tests.yaml")).sorted().toList();
    }
    assertThat(suites).hasSizeGreaterThanOrEqualTo(6);
    SuiteRunner runner = new SuiteRunner(Providers.load(), Limits.DEFAULT);
    return suites.stream()
        .flatMap(
            suite -> {
              SuiteResult r = runner.run(suite);
              if (r.broken().isPresent()) {
                return Stream.of(
                    DynamicTest.dynamicTest(
                        suite.getFileName().toString(),
                        () -> {
                          throw new AssertionError("broken suite: " + r.broken().get());
                        }));
              }
              assertThat(r.cases()).as(suite.toString()).isNotEmpty();
              return r.cases().stream()
                  .map(
                      c ->
                          DynamicTest.dynamicTest(
                              suite.getFileName() + " › " + c.name(), () -> check(c)));
            });
  }

  private static void check(CaseResult c) {
    assertThat(c.passed()).as(c.message()).isTrue();
  }
}
