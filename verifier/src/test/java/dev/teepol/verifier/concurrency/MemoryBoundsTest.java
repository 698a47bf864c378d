package dev.teepol.verifier.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The largest input each limit allows, for every provider, verified in a JVM with {@code -Xmx128m}:
 * no {@link OutOfMemoryError}, a verdict for every input ({@link LargestInputs}).
 */
class MemoryBoundsTest {
  @Test
  void theLargestInputsEachLimitAllowsVerifyIn128Mb() throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx128m");
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    String corpus = System.getProperty("teepol.corpus.dir");
    if (corpus != null) {
      cmd.add("-Dteepol.corpus.dir=" + corpus);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path") + File.pathSeparator + classpathOfThisTest());
    cmd.add(LargestInputs.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    String log = new String(out, StandardCharsets.UTF_8);
    System.out.println(log);
    assertThat(log).doesNotContain("OutOfMemoryError").contains("largest inputs");
    assertThat(p.exitValue()).as(log).isZero();
  }

  private static String classpathOfThisTest() throws Exception {
    return Path.of(LargestInputs.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
  }
}
