package dev.teepol.policy.compile;

import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Loads policies by reference: a file path, or {@code builtin:<name>} for those shipped in the jar.
 */
public final class Policies {
  public static final String BUILTIN_PREFIX = "builtin:";
  public static final List<String> BUILTINS = List.of("strict", "gpu");

  private Policies() {}

  /** The source text of a policy reference. */
  public static String source(String ref) throws IOException {
    Optional<String> builtin = builtinSource(ref);
    if (builtin.isPresent()) {
      return builtin.get();
    }
    if (ref.startsWith(BUILTIN_PREFIX)) {
      throw new IOException(
          "unknown built-in policy '"
              + ref
              + "' (known: "
              + BUILTINS.stream().map(b -> BUILTIN_PREFIX + b).toList()
              + ")");
    }
    try {
      return BoundedFiles.readUtf8(Path.of(ref), Limits.DEFAULT.maxPolicyBytes(), "policy");
    } catch (LimitExceededException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /**
   * Whether a YAML text declares itself a teepol policy ({@code apiVersion: teepol.dev/...} within
   * its first 50 lines): how a directory or a Git tree tells policies from CI files and the like.
   * Only the head is looked at, so a huge file is never read whole for this.
   */
  public static boolean declaresPolicy(String head) {
    return head.lines()
        .limit(50)
        .map(String::strip)
        .anyMatch(
            l ->
                l.startsWith("apiVersion:")
                    && l.substring("apiVersion:".length())
                        .strip()
                        .replaceFirst("^[\"']", "")
                        .startsWith("teepol.dev/"));
  }

  public static CompiledPolicy load(String ref) throws IOException, PolicyCompileException {
    return PolicyCompiler.compile(source(ref), ref);
  }

  public static CompiledPolicy strict() {
    try {
      return load(BUILTIN_PREFIX + "strict");
    } catch (IOException | PolicyCompileException e) {
      throw new IllegalStateException("built-in strict policy does not load", e);
    }
  }

  private static Optional<String> builtinSource(String ref) {
    if (!ref.startsWith(BUILTIN_PREFIX)
        || !BUILTINS.contains(ref.substring(BUILTIN_PREFIX.length()))) {
      return Optional.empty();
    }
    try (InputStream in =
        Policies.class.getResourceAsStream(
            "/dev/teepol/policy/builtin/" + ref.substring(BUILTIN_PREFIX.length()) + ".yaml")) {
      if (in == null) {
        throw new IllegalStateException("built-in policy " + ref + " missing from the jar");
      }
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
