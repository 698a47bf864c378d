package dev.teepol.server.policy;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.Limits;
import dev.teepol.verifier.TeepolConfigurationException;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.suite.SuiteResult;
import dev.teepol.verifier.suite.SuiteRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Loads a directory of policies as one set: every {@code *.yaml} / {@code *.yml} that is not a
 * suite is compiled, every suite beside a policy ({@code <name>.tests.yaml}) is run, and the set is
 * refused as a whole when any policy does not compile, any suite case fails, two policies share a
 * {@code metadata.name}, or there is none. Nothing half-loaded is ever served.
 *
 * <p>Policies whose text did not change keep their verifier (and its warm verdict cache) across
 * reloads; a changed policy gets a new verifier, so its cached verdicts are gone with the old one.
 */
public final class PolicyDirectory {
  /** Most policy files one directory may hold: each one is compiled on every reload. */
  public static final int MAX_POLICIES = 256;

  private final Path dir;
  private final Supplier<TeepolVerifier.Builder> verifiers;
  private final Limits limits;
  private final Clock clock;

  /**
   * @param verifiers a builder configured with everything but the policy (collateral, anchors,
   *     clock, providers shared by all policies, verdict cache)
   */
  public PolicyDirectory(
      Path dir, Supplier<TeepolVerifier.Builder> verifiers, Limits limits, Clock clock) {
    this(dir, verifiers, limits, clock, List.of(), Optional.empty());
  }

  private final List<Path> bundleSigners;
  private final Optional<Path> bundleVersionFile;

  /**
   * As above; when {@code dir} is a file it is a signed policy bundle ({@link SignedBundleSet}),
   * accepted only from {@code bundleSigners} and no older than {@code bundleVersionFile} records.
   */
  public PolicyDirectory(
      Path dir,
      Supplier<TeepolVerifier.Builder> verifiers,
      Limits limits,
      Clock clock,
      List<Path> bundleSigners,
      Optional<Path> bundleVersionFile) {
    this.dir = dir;
    this.verifiers = verifiers;
    this.limits = limits;
    this.clock = clock;
    this.bundleSigners = List.copyOf(bundleSigners);
    this.bundleVersionFile = bundleVersionFile;
  }

  /** Whether the policies come from a signed bundle file rather than a directory. */
  public boolean isBundle() {
    return Files.isRegularFile(dir);
  }

  public Path dir() {
    return dir;
  }

  /** The policy files and suites, sorted: what the digest covers. */
  List<Path> files() throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a directory of policies");
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> isYaml(p.getFileName().toString()))
          .sorted()
          .limit(2L * MAX_POLICIES + 1)
          .toList();
    }
  }

  private static boolean isYaml(String n) {
    return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml"));
  }

  static boolean isSuite(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".tests.yaml") || n.endsWith(".tests.yml");
  }

  /** SHA-256 over every file's name and bytes (each bounded), in name order. */
  public String digest() throws IOException {
    if (isBundle()) {
      return SignedBundleSet.digest(dir);
    }
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (Path p : files()) {
      byte[] name = p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
      byte[] body;
      try {
        body =
            BoundedFiles.read(
                p,
                isSuite(p) ? limits.maxSuiteBytes() : limits.maxPolicyBytes(),
                p.getFileName().toString());
      } catch (dev.teepol.core.limits.LimitExceededException e) {
        throw new IOException(p + ": " + e.getMessage());
      }
      md.update(ByteUtil.u32(name.length));
      md.update(name);
      md.update(ByteUtil.u32(body.length));
      md.update(body);
    }
    return Hex.of(md.digest());
  }

  /**
   * Compiles and tests the whole directory.
   *
   * @param previous the set served now, whose unchanged policies are reused
   * @throws PolicyLoadException with every problem found (the previous set stays served)
   */
  public PolicySet load(Optional<PolicySet> previous) throws PolicyLoadException {
    if (isBundle()) {
      return SignedBundleSet.load(
          dir, bundleSigners, bundleVersionFile, verifiers, clock, previous);
    }
    List<String> problems = new ArrayList<>();
    String digest;
    List<Path> files;
    try {
      digest = digest();
      files = files();
    } catch (IOException e) {
      throw new PolicyLoadException(List.of(String.valueOf(e.getMessage())));
    }
    List<Path> policies = files.stream().filter(p -> !isSuite(p)).toList();
    if (policies.size() > MAX_POLICIES) {
      throw new PolicyLoadException(
          List.of(dir + ": more than " + MAX_POLICIES + " policies; split the directory"));
    }
    if (policies.isEmpty()) {
      throw new PolicyLoadException(List.of(dir + ": no policy (*.yaml) to serve"));
    }
    Map<String, LoadedPolicy> byName = new LinkedHashMap<>();
    Map<String, Path> firstFile = new LinkedHashMap<>();
    SuiteRunner suites = new SuiteRunner();
    for (Path file : policies) {
      Optional<LoadedPolicy> loaded = loadOne(file, previous, suites, problems);
      if (loaded.isEmpty()) {
        continue;
      }
      String name = loaded.get().name();
      if (firstFile.containsKey(name)) {
        problems.add(
            file
                + ": metadata.name '"
                + name
                + "' is also the name of "
                + firstFile.get(name)
                + "; requests choose a policy by name, so names must be unique");
        continue;
      }
      firstFile.put(name, file);
      byName.put(name, loaded.get());
    }
    if (!problems.isEmpty()) {
      throw new PolicyLoadException(problems);
    }
    return new PolicySet(byName, digest, clock.instant());
  }

  private Optional<LoadedPolicy> loadOne(
      Path file, Optional<PolicySet> previous, SuiteRunner suites, List<String> problems) {
    TeepolVerifier v;
    try {
      v = verifiers.get().policy(file).build();
    } catch (TeepolConfigurationException e) {
      if (e.compileErrors().isPresent()) {
        // file:line:col: error: message, with the source line and a caret, as the CLI prints it.
        problems.add(e.compileErrors().get().format());
      } else {
        problems.add(file + ": " + e.getMessage());
      }
      return Optional.empty();
    }
    String suiteNote = "no suite";
    Path suite = suiteOf(file);
    if (Files.isRegularFile(suite)) {
      SuiteResult r = suites.run(suite);
      if (!r.ok()) {
        problems.add(suite + ": the policy's suite does not pass:\n" + r.report());
        return Optional.empty();
      }
      suiteNote = "passed " + r.passed() + " case(s)";
    }
    // Same text as the served policy: keep its verifier, and with it the warm verdict cache.
    if (previous.isPresent()) {
      Optional<LoadedPolicy> old = previous.get().get(v.policy().name());
      if (old.isPresent() && old.get().info().sha256().equals(v.policy().sha256())) {
        return Optional.of(new LoadedPolicy(file, old.get().verifier(), suiteNote));
      }
    }
    return Optional.of(new LoadedPolicy(file, v, suiteNote));
  }

  static Path suiteOf(Path policy) {
    String n = policy.getFileName().toString();
    String stem = n.substring(0, n.lastIndexOf('.'));
    return policy.resolveSibling(stem + ".tests.yaml");
  }

  /** Big-endian lengths for the digest, so file boundaries are unambiguous. */
  private static final class ByteUtil {
    static byte[] u32(int n) {
      return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }
  }
}
