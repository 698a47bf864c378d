package dev.teepol.server.policy;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.verifier.TeepolConfigurationException;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.bundle.BundleException;
import dev.teepol.verifier.bundle.PolicyBundle;
import dev.teepol.verifier.bundle.SignedBundles;
import dev.teepol.verifier.bundle.TrustedSigners;
import dev.teepol.verifier.bundle.VerifiedBundle;
import dev.teepol.verifier.bundle.VersionFile;
import dev.teepol.verifier.suite.SuiteResult;
import dev.teepol.verifier.suite.SuiteRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A signed policy bundle ({@code teepol serve --policies BUNDLE}) as a policy set. Verify, then
 * trust: the DSSE signature must verify under a pinned signer and the version must not be older
 * than the one recorded in the version file before any policy in it is compiled; the version is
 * recorded only once the whole set compiled and its suites passed, so a bundle that cannot be
 * served never raises the floor.
 *
 * <p>Suites run from a private temporary copy of the bundle's policies and suites, with the
 * fixtures found beside the bundle whose digests are the signed ones ({@link #suiteNotes}).
 */
final class SignedBundleSet {
  private SignedBundleSet() {}

  /** The bundle file's bytes, bounded: what the set's digest is taken over. */
  static byte[] read(Path file) throws IOException {
    try {
      return BoundedFiles.read(file, Limits.MAX_POLICY_BUNDLE_BYTES * 2L, "policy bundle");
    } catch (LimitExceededException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  static String digest(Path file) throws IOException {
    return Hex.of(Digests.sha256(read(file)));
  }

  static PolicySet load(
      Path file,
      List<Path> signerFiles,
      Optional<Path> versionFile,
      Supplier<TeepolVerifier.Builder> verifiers,
      Clock clock,
      Optional<PolicySet> previous)
      throws PolicyLoadException {
    if (signerFiles.isEmpty() || versionFile.isEmpty()) {
      throw new PolicyLoadException(
          List.of(
              file
                  + ": a signed policy bundle needs --bundle-signer (the release keys this service"
                  + " accepts) and --bundle-version-file (the highest version accepted, against"
                  + " rollback)"));
    }
    VerifiedBundle v;
    VersionFile versions = new VersionFile(versionFile.get());
    String digest;
    try {
      TrustedSigners signers = TrustedSigners.fromFiles(signerFiles);
      byte[] bytes = read(file);
      digest = Hex.of(Digests.sha256(bytes));
      v = SignedBundles.verify(bytes, signers);
      versions.check(v);
    } catch (IOException | BundleException e) {
      throw new PolicyLoadException(List.of(file + ": " + e.getMessage()));
    }
    PolicyBundle bundle = v.bundle();
    String release = "bundle " + bundle.name() + " v" + bundle.version();
    List<String> problems = new ArrayList<>();
    Map<String, String> suites = suiteNotes(bundle, file.toAbsolutePath().getParent(), problems);
    Map<String, LoadedPolicy> byName = new LinkedHashMap<>();
    for (PolicyBundle.TextFile f : bundle.policies()) {
      String ref = release + ": " + f.path();
      CompiledPolicy compiled;
      try {
        compiled = PolicyCompiler.compile(f.text(), ref);
      } catch (PolicyCompileException e) {
        problems.add(e.format());
        continue;
      }
      String name = compiled.name();
      if (byName.containsKey(name)) {
        problems.add(
            ref
                + ": metadata.name '"
                + name
                + "' is also the name of another policy in the bundle");
        continue;
      }
      String note = suites.getOrDefault(f.path(), "no suite");
      Optional<LoadedPolicy> old = previous.flatMap(p -> p.get(name));
      if (old.isPresent() && old.get().info().sha256().equals(sha256(f.text()))) {
        byName.put(name, new LoadedPolicy(Path.of(f.path()), old.get().verifier(), note));
        continue;
      }
      try {
        byName.put(
            name,
            new LoadedPolicy(
                Path.of(f.path()), verifiers.get().policy(compiled, ref).build(), note));
      } catch (TeepolConfigurationException e) {
        problems.add(ref + ": " + e.getMessage());
      }
    }
    if (byName.isEmpty() && problems.isEmpty()) {
      problems.add(file + ": " + release + " holds no policy to serve");
    }
    if (!problems.isEmpty()) {
      throw new PolicyLoadException(problems);
    }
    try {
      versions.checkAndRecord(v);
    } catch (BundleException e) {
      throw new PolicyLoadException(List.of(file + ": " + e.getMessage()));
    }
    return new PolicySet(byName, digest, clock.instant());
  }

  /** What the verifier compares to decide whether a served policy changed (its text's hash). */
  private static String sha256(String text) {
    return Hex.of(Digests.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /**
   * Runs the bundle's suites; policy path → note. The bundle carries its suites' text and the
   * SHA-256 of every fixture their raw cases name, not the fixtures: they are looked up beside the
   * bundle file (paths relative to its directory, as they were to the directory it was created
   * from) and used only when their digest is the signed one. A suite whose fixtures are all there
   * runs whole, and a failing case keeps the set from being served; a suite with a fixture missing
   * is not run, and its note says so (the release ran it before signing).
   */
  private static Map<String, String> suiteNotes(
      PolicyBundle bundle, Path bundleDir, List<String> problems) {
    Map<String, String> notes = new LinkedHashMap<>();
    if (bundle.suites().isEmpty()) {
      return notes;
    }
    Path tmp;
    try {
      tmp = Files.createTempDirectory("teepol-bundle");
    } catch (IOException e) {
      problems.add("cannot stage the bundle's suites: " + e.getMessage());
      return notes;
    }
    try {
      // Fixtures may lie above the bundle root ("../sim/quote.bin"): stage the root that deep.
      int up = 0;
      for (PolicyBundle.Fixture x : bundle.fixtures()) {
        int n = 0;
        for (String seg : x.path().split("/")) {
          if (!seg.equals("..")) {
            break;
          }
          n++;
        }
        up = Math.max(up, n);
      }
      Path root = tmp;
      for (int i = 0; i < up; i++) {
        root = root.resolve("r" + i);
      }
      for (PolicyBundle.TextFile f : concat(bundle.policies(), bundle.suites())) {
        Path target = staged(tmp, root, f.path());
        Files.createDirectories(target.getParent());
        Files.writeString(target, f.text());
      }
      int missing = 0;
      for (PolicyBundle.Fixture x : bundle.fixtures()) {
        Path source = bundleDir.resolve(x.path()).normalize();
        if (!Files.isRegularFile(source)) {
          missing++;
          continue;
        }
        byte[] bytes;
        try {
          bytes = BoundedFiles.read(source, Limits.DEFAULT.maxEvidenceBytes(), x.path());
        } catch (LimitExceededException e) {
          throw new IOException(e.getMessage(), e);
        }
        if (!Hex.of(Digests.sha256(bytes)).equals(x.sha256())) {
          problems.add(
              source
                  + ": not the fixture the bundle signed (sha256 differs from "
                  + x.sha256()
                  + ")");
          continue;
        }
        Path target = staged(tmp, root, x.path());
        Files.createDirectories(target.getParent());
        Files.write(target, bytes);
      }
      SuiteRunner runner = new SuiteRunner();
      for (PolicyBundle.TextFile s : bundle.suites()) {
        String policy = s.path().replaceFirst("\\.tests\\.ya?ml$", ".yaml");
        if (missing > 0) {
          notes.put(
              policy,
              "suite not run here: " + missing + " fixture(s) the bundle signs are not beside it");
          continue;
        }
        SuiteResult r = runner.run(root.resolve(s.path()));
        if (!r.ok()) {
          problems.add(s.path() + ": the policy's suite does not pass:\n" + r.report());
          continue;
        }
        notes.put(policy, "passed " + r.passed() + " case(s)");
      }
    } catch (IOException e) {
      problems.add("cannot stage the bundle's suites: " + e.getMessage());
    } finally {
      delete(tmp);
    }
    return notes;
  }

  /** Where a bundle path is staged; never outside the staging directory. */
  private static Path staged(Path tmp, Path root, String path) throws IOException {
    Path target = root.resolve(path).normalize();
    if (!target.startsWith(tmp)) {
      throw new IOException(path + ": outside the bundle");
    }
    return target;
  }

  private static List<PolicyBundle.TextFile> concat(
      List<PolicyBundle.TextFile> a, List<PolicyBundle.TextFile> b) {
    List<PolicyBundle.TextFile> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // A temporary copy of released text: nothing secret is left behind.
                }
              });
    } catch (IOException e) {
      // as above
    }
  }
}
