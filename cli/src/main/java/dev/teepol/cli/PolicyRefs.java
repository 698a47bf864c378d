package dev.teepol.cli;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Policies;
import dev.teepol.policy.compile.PolicyCompileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/** Loading a policy by reference for a command: unreadable → one line, not compiling → every diagnostic. */
public final class PolicyRefs {
  public static final String DEFAULT = Policies.BUILTIN_PREFIX + "strict";

  /** What a verdict says about the policy that made it. */
  public record Info(String ref, String name, long version, String sha256) {
    public static Info of(String ref, CompiledPolicy p) {
      // The hash of the text alone, so `sha256sum policy.yaml` reproduces it.
      String hash = Hex.of(Digests.sha256(p.policy().source().getBytes(StandardCharsets.UTF_8)));
      return new Info(ref, p.name(), p.policy().metadata().version(), hash);
    }
  }

  private PolicyRefs() {}

  public static String source(String ref) throws InputException {
    try {
      return Policies.source(ref);
    } catch (NoSuchFileException e) {
      throw new InputException(ref, "no such policy file");
    } catch (IOException e) {
      throw new InputException(ref, "cannot read policy: " + e.getMessage());
    }
  }

  /**
   * The compiled policy, or empty after printing every compile error (with source line, caret and
   * suggestion) on {@code err}; callers then exit with {@link ExitCodes#INPUT}.
   */
  public static Optional<CompiledPolicy> load(String ref, PrintWriter err) throws InputException {
    String text = source(ref);
    try {
      return Optional.of(dev.teepol.policy.compile.PolicyCompiler.compile(text, ref));
    } catch (PolicyCompileException e) {
      err.println(e.format());
      err.println("teepol: " + ref + ": policy does not compile (" + e.getMessage() + ")");
      err.flush();
      return Optional.empty();
    }
  }
}
