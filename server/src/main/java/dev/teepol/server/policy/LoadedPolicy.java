package dev.teepol.server.policy;

import dev.teepol.verifier.PolicyInfo;
import dev.teepol.verifier.TeepolVerifier;
import java.nio.file.Path;

/**
 * One served policy: the verifier that decides with it (and owns its verdict cache), the file it
 * came from and what its suite proved.
 *
 * @param suite "passed N case(s)" or "no suite"
 */
public record LoadedPolicy(Path file, TeepolVerifier verifier, String suite) {
  public String name() {
    return verifier.policy().name();
  }

  public PolicyInfo info() {
    return verifier.policy();
  }
}
