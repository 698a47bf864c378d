package dev.teepol.providers.nras;

import java.util.Map;
import java.util.Optional;

/**
 * The GPU architecture named by a signed {@code hwmodel} claim ("GH100" is a Hopper chip), so a
 * standalone token, which carries no architecture claim of its own, still says what it attests.
 * NVIDIA's chip names start with the architecture's letters: GH Hopper, GB Blackwell, GA Ampere, AD
 * Ada Lovelace. An unknown prefix gives nothing, never a guess.
 */
final class GpuArch {
  private static final Map<String, String> BY_PREFIX =
      Map.of("GH", "HOPPER", "GB", "BLACKWELL", "GA", "AMPERE", "AD", "ADA");

  private GpuArch() {}

  static Optional<String> of(String hwmodel) {
    if (hwmodel.length() < 3 || !Character.isDigit(hwmodel.charAt(2))) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_PREFIX.get(hwmodel.substring(0, 2)));
  }
}
