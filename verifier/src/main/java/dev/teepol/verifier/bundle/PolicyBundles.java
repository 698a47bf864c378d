package dev.teepol.verifier.bundle;

import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.test.CaseEvidence;
import dev.teepol.policy.test.SuiteException;
import dev.teepol.policy.test.SuiteReader;
import dev.teepol.policy.test.TestCase;
import dev.teepol.policy.test.TestSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Builds a {@link PolicyBundle} from files on disk ({@code teepol bundle create}). */
public final class PolicyBundles {
  private PolicyBundles() {}

  /**
   * Packs policies and suites found under {@code root}, with the SHA-256 of every evidence file,
   * collateral file and trust anchor their raw cases name. Every policy must compile and every
   * suite must read: a bundle never releases something broken.
   */
  public static PolicyBundle create(
      Path root, List<Path> policyFiles, List<Path> suiteFiles, String name, long version)
      throws IOException, BundleException {
    if (version < 1) {
      throw new BundleException("--version must be a positive integer, not " + version);
    }
    List<PolicyBundle.TextFile> policies = new ArrayList<>();
    for (Path f : policyFiles) {
      String text = read(f, Limits.DEFAULT.maxPolicyBytes(), "policy");
      try {
        PolicyCompiler.compile(text, f.toString());
      } catch (PolicyCompileException e) {
        throw new BundleException(f + " does not compile:\n" + e.format());
      }
      policies.add(PolicyBundle.TextFile.of(relative(root, f), text));
    }
    List<PolicyBundle.TextFile> suites = new ArrayList<>();
    Map<String, PolicyBundle.Fixture> fixtures = new LinkedHashMap<>();
    for (Path f : suiteFiles) {
      String text = read(f, Limits.DEFAULT.maxSuiteBytes(), "suite");
      suites.add(PolicyBundle.TextFile.of(relative(root, f), text));
      TestSuite suite;
      try {
        suite = SuiteReader.parse(text, f);
      } catch (SuiteException e) {
        throw new BundleException(e.format());
      }
      for (TestCase c : suite.cases()) {
        if (c.evidence() instanceof CaseEvidence.Raw r) {
          List<Path> files = new ArrayList<>(List.of(r.file()));
          files.addAll(r.trustAnchors());
          r.mockKey().ifPresent(files::add);
          for (Path release : r.releases()) {
            try (Stream<Path> s = Files.list(release)) {
              s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
          }
          if (r.collateral().isPresent()) {
            try (Stream<Path> s = Files.list(r.collateral().get())) {
              s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
          }
          for (Path x : files) {
            String rel = relative(root, x);
            if (!fixtures.containsKey(rel)) {
              byte[] bytes = readBytes(x);
              fixtures.put(rel, new PolicyBundle.Fixture(rel, PolicyBundle.sha256(bytes)));
            }
          }
        }
      }
    }
    if (policies.size() + suites.size() + fixtures.size() > Limits.MAX_POLICY_BUNDLE_FILES) {
      throw new BundleException("more than " + Limits.MAX_POLICY_BUNDLE_FILES + " files to bundle");
    }
    PolicyBundle b =
        new PolicyBundle(name, version, policies, suites, List.copyOf(fixtures.values()));
    // Whatever create writes, parse must accept: the same checks on both sides.
    PolicyBundle.parse(b.canonicalBytes());
    return b;
  }

  /** The path of {@code f} relative to {@code root}, with '/' separators. */
  static String relative(Path root, Path f) {
    Path rel = root.toAbsolutePath().normalize().relativize(f.toAbsolutePath().normalize());
    return rel.toString().replace('\\', '/');
  }

  private static String read(Path f, int limit, String what) throws IOException {
    try {
      return BoundedFiles.readUtf8(f, limit, what);
    } catch (LimitExceededException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static byte[] readBytes(Path f) throws IOException {
    try {
      return BoundedFiles.read(f, Limits.DEFAULT.maxEvidenceBytes(), f.toString());
    } catch (LimitExceededException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
