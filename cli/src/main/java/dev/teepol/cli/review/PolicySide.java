package dev.teepol.cli.review;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * One side of a {@code teepol diff}: policy and suite texts by path (relative to the side's root,
 * '/' separators) and where on disk their suites' evidence paths resolve.
 *
 * @param label how reports name the side ({@code main}, {@code policies/}, {@code working tree})
 * @param suiteBase the directory a suite path is resolved against on disk, to find its evidence
 */
public record PolicySide(
    String label, Map<String, String> files, Path suiteBase, Map<String, Path> suiteFiles) {
  public PolicySide {
    files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
    suiteFiles = Map.copyOf(suiteFiles);
  }

  public PolicySide(String label, Map<String, String> files, Path suiteBase) {
    this(label, files, suiteBase, Map.of());
  }

  /** Where the suite keyed {@code key} is on disk (its evidence paths resolve beside it). */
  public Path suiteFile(String key) {
    return suiteFiles.getOrDefault(key, suiteBase.resolve(key));
  }

  /** Suffix of policy test suites. */
  public static final String SUITE = ".tests.yaml";

  /** The policies (not suites) by path. */
  public Map<String, String> policies() {
    Map<String, String> out = new TreeMap<>();
    files.forEach(
        (k, v) -> {
          if (!k.endsWith(SUITE)) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** The suite that tests the policy at {@code policyPath} by convention ({@code x.tests.yaml}). */
  public static String suiteOf(String policyPath) {
    String base =
        policyPath.endsWith(".yaml")
            ? policyPath.substring(0, policyPath.length() - 5)
            : policyPath;
    return base + SUITE;
  }
}
