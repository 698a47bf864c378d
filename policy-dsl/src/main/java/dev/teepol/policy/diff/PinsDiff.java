package dev.teepol.policy.diff;

import dev.teepol.policy.model.Located;
import dev.teepol.policy.model.Policy;
import java.util.List;
import java.util.Optional;

/**
 * {@code workload}, {@code kms}, {@code signers}: allowlists of proven identities, where an absent
 * list accepts any value and a longer list accepts more. {@code signers.bindings} is an allowance:
 * more bindings accept signers proven more ways.
 */
final class PinsDiff {
  private PinsDiff() {}

  static void workload(Policy a, Policy b, Diffs out) {
    for (String key :
        List.of(
            "composeHashes",
            "appIds",
            "osImageHashes",
            "instanceIds",
            "imageDigests",
            "imageProvenance")) {
      pins(a, b, "workload", key, noun(key), out);
    }
  }

  static void kms(Policy a, Policy b, Diffs out) {
    pins(a, b, "kms", "allowedRoots", "KMS root key", out);
  }

  static void signers(Policy a, Policy b, Diffs out) {
    pins(a, b, "signers", "allowed", "signer key", out);
    Optional<Policy.Pins> x = find(a, "signers", "allowed");
    Optional<Policy.Pins> y = find(b, "signers", "allowed");
    if (x.isPresent() && y.isPresent()) {
      // The reader fills the default (every proven binding) when bindings is not written.
      out.allowances(
          "signers.bindings", "binding", x.get().bindings(), y.get().bindings(), y.get().pos());
    }
  }

  private static void pins(Policy a, Policy b, String section, String key, String noun, Diffs out) {
    Optional<Policy.Pins> x = find(a, section, key);
    Optional<Policy.Pins> y = find(b, section, key);
    out.allowlist(
        section + "." + key,
        noun,
        x.map(PinsDiff::values),
        y.map(PinsDiff::values),
        y.or(() -> x).map(Policy.Pins::pos).orElse(b.spec().pos()));
  }

  private static List<String> values(Policy.Pins p) {
    return p.values().stream().map(Located::value).toList();
  }

  private static Optional<Policy.Pins> find(Policy p, String section, String key) {
    return p.spec().pins().stream()
        .filter(x -> x.section().equals(section) && x.key().equals(key))
        .findFirst();
  }

  private static String noun(String key) {
    return switch (key) {
      case "composeHashes" -> "compose hash";
      case "appIds" -> "app id";
      case "osImageHashes" -> "OS image hash";
      case "instanceIds" -> "instance id";
      // A repository vouches for images built by any of its workflows, a workflow entry only for
      // its own: as strings these are an allowlist (a new entry can only let more provenance in).
      case "imageProvenance" -> "provenance signer (repository or workflow)";
      default -> "image digest";
    };
  }
}
