package dev.teepol.providers.tdx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Real quotes read in place from ../shared/corpus (never copied), or none when it is absent. */
public final class CorpusQuotes {
  private CorpusQuotes() {}

  public static Path corpusDir() {
    return Path.of(System.getProperty("teepol.corpus.dir", "../../shared/corpus"));
  }

  /** Every quote.bin under the corpus's tdx, dstack and near kinds. */
  public static List<Path> quotes() {
    Path dir = corpusDir();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().equals("quote.bin")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
