package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script at the repository root, run the way users put it on PATH: through symlinks.
 */
class LauncherTest {
  static final Path LAUNCHER = Path.of("..", "teepol").toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void aChainOfSymlinksFindsTheJarNextToTheRealScript() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path first = Files.createSymbolicLink(bin.resolve("teepol"), LAUNCHER);
    // A relative link to the link, as `ln -s teepol tp` in the same directory makes.
    Files.createSymbolicLink(bin.resolve("tp"), Path.of("teepol"));
    assertThat(first).isSymbolicLink();
    Process p =
        new ProcessBuilder("/bin/bash", bin.resolve("tp").toString(), "--version")
            .directory(tmp.toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    // Remove the links before JUnit cleans up (it warns about links that point outside the temp
    // dir).
    Files.delete(bin.resolve("tp"));
    Files.delete(first);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    Path jar = LAUNCHER.getParent().resolve("cli/target/teepol-cli.jar");
    if (Files.isRegularFile(jar)) {
      assertThat(p.exitValue()).as(err).isZero();
      assertThat(out).startsWith("teepol ");
    } else {
      // Tests run before the jar is packaged: the message must name the real checkout, not the
      // link's folder.
      assertThat(p.exitValue()).isEqualTo(2);
      assertThat(err).contains(jar.toString()).doesNotContain(bin.toString());
    }
  }

  /**
   * A class-data-sharing archive that does not fit (another jar, another JDK, a damaged file) is
   * refused by the JVM without a word, and teepol starts as it would without one.
   */
  @Test
  void anArchiveThatDoesNotFitIsIgnoredSilently() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
    Path jar = LAUNCHER.getParent().resolve("cli/target/teepol-cli.jar");
    assumeTrue(Files.isRegularFile(jar), "the jar is packaged after the tests");
    Path checkout = Files.createDirectories(tmp.resolve("checkout"));
    Files.copy(LAUNCHER, checkout.resolve("teepol"));
    Path target = Files.createDirectories(checkout.resolve("cli/target"));
    Files.createSymbolicLink(target.resolve("teepol-cli.jar"), jar);
    // Written after the jar, so the launcher passes it to the JVM.
    Files.write(target.resolve("teepol.jsa"), "not an archive".getBytes(StandardCharsets.UTF_8));
    Process p =
        new ProcessBuilder("/bin/bash", checkout.resolve("teepol").toString(), "--version")
            .directory(tmp.toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Files.delete(target.resolve("teepol-cli.jar"));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isZero();
    assertThat(out).startsWith("teepol ");
    assertThat(err).isEmpty();
  }
}
