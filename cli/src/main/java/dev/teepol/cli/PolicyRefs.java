package dev.teepol.cli;

import dev.teepol.policy.compile.Policies;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * Loading a policy by reference for a command: unreadable → one line, not compiling → every
 * diagnostic.
 */
public final class PolicyRefs {
  public static final String DEFAULT = Policies.BUILTIN_PREFIX + "strict";

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
}
