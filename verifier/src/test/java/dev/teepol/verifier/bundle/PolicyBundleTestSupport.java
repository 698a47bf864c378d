package dev.teepol.verifier.bundle;

import java.util.List;

final class PolicyBundleTestSupport {
  private PolicyBundleTestSupport() {}

  static PolicyBundle any() {
    return new PolicyBundle(
        "b",
        1,
        List.of(
            PolicyBundle.TextFile.of(
                "p.yaml",
                "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: p}\nspec: {}\n")),
        List.of(),
        List.of());
  }
}
