package dev.teepol.verifier;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.policy.compile.CompiledPolicy;
import java.nio.charset.StandardCharsets;

/**
 * What a verdict says about the policy that made it.
 *
 * @param ref the reference it was loaded by: a path as given, or {@code builtin:<name>}
 * @param name {@code metadata.name}
 * @param version {@code metadata.version}
 * @param sha256 hex SHA-256 of the policy text's UTF-8 bytes, so {@code sha256sum policy.yaml}
 *     reproduces it
 */
public record PolicyInfo(String ref, String name, long version, String sha256) {
  static PolicyInfo of(String ref, CompiledPolicy p) {
    String hash = Hex.of(Digests.sha256(p.policy().source().getBytes(StandardCharsets.UTF_8)));
    return new PolicyInfo(ref, p.name(), p.policy().metadata().version(), hash);
  }
}
