package dev.teepol.providers.mock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the committed development-attester examples under {@code examples/mock}: a key (and
 * another one), a challenge, its answer with the key, and an answer with Blindference's published
 * key. HMAC is deterministic, so the output is byte-identical on every run. Run through {@code
 * examples/regenerate.sh}.
 */
public final class GenerateMockExamples {
  private GenerateMockExamples() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "examples/mock");
    Files.createDirectories(out);
    for (String f :
        new String[] {"key.txt", "challenge.json", "answer.json", "answer-published-key.json"}) {
      Files.deleteIfExists(out.resolve(f));
    }
    Files.writeString(
        out.resolve("key.txt"), new String(SimMock.KEY, StandardCharsets.UTF_8) + "\n");
    Files.writeString(out.resolve("other-key.txt"), "a key the ICL does not hold\n");
    Files.writeString(out.resolve("challenge.json"), SimMock.challenge().toJson().build() + "\n");
    Files.writeString(
        out.resolve("answer.json"), SimMock.answer(SimMock.KEY, SimMock.challenge()) + "\n");
    Files.writeString(
        out.resolve("answer-published-key.json"),
        SimMock.answer(SimMock.PUBLISHED, SimMock.challenge()) + "\n");
    System.out.println("wrote examples to " + out.toAbsolutePath().normalize());
  }
}
