package dev.teepol.fuzz.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.teepol.fuzz.Typed;
import dev.teepol.policy.test.SuiteException;
import dev.teepol.policy.test.SuiteReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A policy test suite ({@code *.tests.yaml}): cases, inline normalized evidence, expectations.
 * Paths it names resolve in an empty directory, so a fuzzed suite reads no real file.
 */
class SuiteYamlFuzzTest {
  private static final Path SUITE = emptyDir().resolve("fuzz.tests.yaml");

  @FuzzTest
  void parse(byte[] yaml) {
    String text = new String(yaml, StandardCharsets.UTF_8);
    Typed.parse(yaml.length, () -> SuiteReader.parse(text, SUITE), SuiteException.class);
  }

  private static Path emptyDir() {
    try {
      Path d = Files.createTempDirectory("teepol-fuzz-suite");
      d.toFile().deleteOnExit();
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
