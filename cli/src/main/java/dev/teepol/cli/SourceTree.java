package dev.teepol.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Walks a directory for policies or suites the way a user means it: build output ({@code target},
 * {@code build}), dependencies ({@code node_modules}) and hidden directories ({@code .git}) are not
 * the user's sources, so a bare {@code teepol lint} in a checkout does not lint compiled copies.
 */
final class SourceTree {
  static final Set<String> SKIPPED = Set.of("target", "build", "node_modules");

  private SourceTree() {}

  /**
   * Regular files under {@code root} that {@code wanted} accepts, sorted; skipped directories are
   * not entered.
   */
  static List<Path> files(Path root, Predicate<Path> wanted) throws IOException {
    List<Path> out = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
            boolean skip =
                !dir.equals(root)
                    && (SKIPPED.contains(name) || (name.startsWith(".") && name.length() > 1));
            return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && wanted.test(file)) {
              out.add(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    out.sort(null);
    return out;
  }
}
