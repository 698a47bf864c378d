package dev.teepol.cli;

import dev.teepol.cli.corpus.CorpusRunner;
import dev.teepol.cli.review.DiffReport;
import dev.teepol.cli.review.GitTrees;
import dev.teepol.cli.review.PolicySide;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Policies;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.diff.PolicyDiff;
import dev.teepol.policy.diff.PolicyDiffer;
import dev.teepol.verifier.review.ReplayFixture;
import dev.teepol.verifier.review.ReplayFixtures;
import dev.teepol.verifier.review.ReplayReport;
import dev.teepol.verifier.review.VerdictReplay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code teepol diff}: what a policy change lets in, section by section, with evidence replay. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compare two versions of policies semantically and classify every change: WIDENS (evidence is"
          + " accepted that was denied before), NARROWS, CHANGES (both), EQUAL (reordered, re-cased, renamed,"
          + " comments) or 'cannot decide' (free CEL the diff cannot reason about).",
      "%nForms:%n"
          + "  teepol diff OLD.yaml NEW.yaml          two files%n"
          + "  teepol diff OLD_DIR NEW_DIR            policies paired by path%n"
          + "  teepol diff main..HEAD policies/       two Git revisions (no checkout needed)%n"
          + "  teepol diff origin/main policies/x.yaml  revision vs working tree%n",
      "Both versions of every changed policy also judge the evidence its <name>.tests.yaml names (and"
          + " --evidence DIR, a corpus layout); every verdict that flips is listed with the checks that explain it.%n"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:nothing widens (narrowing and equal changes only)",
      "3:something may widen: a WIDENS, CHANGES or cannot-decide change, or a DENY→ALLOW flip",
      "2:bad usage, an unknown revision, a policy that does not compile"
    })
public final class DiffCommand implements Callable<Integer> {
  /** Output formats. */
  public enum DiffFormat {
    text,
    markdown,
    json
  }

  private final CliEnvironment env;

  @Parameters(
      paramLabel = "OLD [NEW|PATH...]",
      arity = "1..*",
      description = "See the forms above.")
  List<String> args = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); markdown is ready to paste as a pull-request comment.")
  DiffFormat format;

  @Option(
      names = "--evidence",
      paramLabel = "DIR",
      description =
          "Also replay every case of this corpus-layout directory (<kind>/<case>/ with expected.json) through both versions; repeatable.")
  List<Path> evidence = new ArrayList<>();

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      description =
          "The Git repository revisions are read from (default: the one containing the current directory).")
  Path repo;

  public DiffCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InputException {
    PolicySide[] sides = sides();
    PolicySide before = sides[0];
    PolicySide after = sides[1];
    Map<String, String> a = before.policies();
    Map<String, String> b = after.policies();
    if (a.isEmpty() && b.isEmpty()) {
      throw new InputException(String.join(" ", args), "no policy found on either side");
    }
    List<String> errors = new ArrayList<>();
    List<DiffReport.Entry> entries = new ArrayList<>();
    ReplayFixtures fixtures = new ReplayFixtures(env.providers(), Limits.DEFAULT);
    List<ReplayFixture> corpus = null;
    List<String> corpusSkipped = new ArrayList<>();
    for (String path : new TreeSet<>(union(a, b))) {
      Optional<CompiledPolicy> x = compile(a.get(path), before.label() + ":" + path, errors);
      Optional<CompiledPolicy> y = compile(b.get(path), after.label() + ":" + path, errors);
      if ((a.containsKey(path) && x.isEmpty()) || (b.containsKey(path) && y.isEmpty())) {
        continue;
      }
      if (x.isEmpty()) {
        entries.add(
            new DiffReport.Entry(PolicyDiffer.added(path, y.get().policy()), ReplayReport.EMPTY));
        continue;
      }
      if (y.isEmpty()) {
        entries.add(
            new DiffReport.Entry(PolicyDiffer.removed(path, x.get().policy()), ReplayReport.EMPTY));
        continue;
      }
      if (a.get(path).equals(b.get(path))) {
        continue;
      }
      PolicyDiff d = PolicyDiffer.diff(path, x.get().policy(), y.get().policy());
      List<String> skipped = new ArrayList<>();
      List<ReplayFixture> replay = new ArrayList<>();
      String suite = PolicySide.suiteOf(path);
      // The new version's suite, else the old one's (a file compared with an edited copy).
      PolicySide owner = after.files().containsKey(suite) ? after : before;
      String suiteText = owner.files().get(suite);
      if (suiteText != null) {
        replay.addAll(fixtures.fromSuite(owner.suiteFile(suite), suiteText, skipped));
      }
      if (!evidence.isEmpty()) {
        if (corpus == null) {
          corpus = corpus(corpusSkipped);
        }
        replay.addAll(corpus);
        skipped.addAll(corpusSkipped);
      }
      entries.add(new DiffReport.Entry(d, VerdictReplay.replay(x.get(), y.get(), replay, skipped)));
    }
    if (!errors.isEmpty()) {
      errors.forEach(env.err()::println);
      env.err()
          .println(
              "teepol: "
                  + errors.size()
                  + " polic"
                  + (errors.size() == 1 ? "y does" : "ies do")
                  + " not compile");
      env.err().flush();
      return ExitCodes.INPUT;
    }
    DiffReport report = new DiffReport(before.label(), after.label(), entries);
    env.out()
        .print(
            switch (format) {
              case text -> report.text();
              case markdown -> report.markdown();
              case json -> report.json() + "\n";
            });
    env.out().flush();
    return report.exitCode();
  }

  private static java.util.Set<String> union(Map<String, String> a, Map<String, String> b) {
    java.util.Set<String> s = new java.util.LinkedHashSet<>(a.keySet());
    s.addAll(b.keySet());
    return s;
  }

  private Optional<CompiledPolicy> compile(String text, String name, List<String> errors) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(PolicyCompiler.compile(text, name));
    } catch (PolicyCompileException e) {
      errors.add(e.format());
      return Optional.empty();
    }
  }

  /** The corpus cases of --evidence, appraised once for every policy pair. */
  private List<ReplayFixture> corpus(List<String> skipped) throws InputException {
    List<ReplayFixture> out = new ArrayList<>();
    for (Path dir : evidence) {
      CorpusRunner runner = new CorpusRunner(env.providers(), env.wallClock(), Limits.DEFAULT);
      runner.observe(
          (name, r) -> {
            if (r.inputProblem().isPresent()) {
              skipped.add(name + ": " + r.inputProblem().get());
            } else {
              out.add(new ReplayFixture(name, r.appraisal(), r.verifiedAt()));
            }
          });
      runner.run(dir, line -> {});
    }
    return out;
  }

  /** The two sides the arguments name. */
  private PolicySide[] sides() throws InputException {
    String first = args.get(0);
    boolean firstOnDisk = Files.exists(Path.of(first));
    if (args.size() == 2 && firstOnDisk && Files.exists(Path.of(args.get(1)))) {
      Path x = Path.of(first);
      Path y = Path.of(args.get(1));
      if (Files.isDirectory(x) != Files.isDirectory(y)) {
        throw new InputException(
            first, "compare a file with a file, or a directory with a directory");
      }
      if (Files.isDirectory(x)) {
        return new PolicySide[] {disk(first, x), disk(args.get(1), y)};
      }
      // Two files: paired under the new file's path as given.
      String key = args.get(1);
      return new PolicySide[] {fileSide(first, x, key), fileSide(args.get(1), y, key)};
    }
    if (firstOnDisk) {
      throw new InputException(first, "give two files, two directories, or a Git revision first");
    }
    List<Path> paths = args.subList(1, args.size()).stream().map(Path::of).toList();
    try (GitTrees git = GitTrees.open(repo != null ? repo : Path.of("").toAbsolutePath())) {
      List<String> repoPaths = new ArrayList<>();
      for (Path p : paths.isEmpty() ? List.of(Path.of("")) : paths) {
        repoPaths.add(git.repoPath(p));
      }
      int range = first.indexOf("..");
      if (range >= 0) {
        String x = first.substring(0, range);
        String y = first.substring(range + 2);
        if (y.isEmpty()) {
          y = "HEAD";
        }
        return new PolicySide[] {
          new PolicySide(x, git.read(x, repoPaths), git.workTree()),
          new PolicySide(y, git.read(y, repoPaths), git.workTree())
        };
      }
      Map<String, String> working = new LinkedHashMap<>();
      for (String rp : repoPaths) {
        Path p = git.workTree().resolve(rp.isEmpty() ? "." : rp);
        if (Files.isDirectory(p)) {
          disk(rp, p).files().forEach((k, v) -> working.put(rp.isEmpty() ? k : rp + "/" + k, v));
        } else if (Files.isRegularFile(p)) {
          working.put(rp, read(p));
          Path suite = git.workTree().resolve(PolicySide.suiteOf(rp));
          if (Files.isRegularFile(suite)) {
            working.put(PolicySide.suiteOf(rp), read(suite));
          }
        }
      }
      return new PolicySide[] {
        new PolicySide(first, git.read(first, repoPaths), git.workTree()),
        new PolicySide("working tree", working, git.workTree())
      };
    }
  }

  private PolicySide fileSide(String label, Path file, String key) throws InputException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(key, read(file));
    Path suite = parentOf(file).resolve(PolicySide.suiteOf(file.getFileName().toString()));
    if (Files.isRegularFile(suite)) {
      files.put(PolicySide.suiteOf(key), read(suite));
      return new PolicySide(label, files, parentOf(file), Map.of(PolicySide.suiteOf(key), suite));
    }
    return new PolicySide(label, files, parentOf(file));
  }

  private static Path parentOf(Path f) {
    Path p = f.toAbsolutePath().getParent();
    return p == null ? Path.of("") : p;
  }

  /** Policies (files that declare the policy apiVersion) and suites under a directory. */
  private static PolicySide disk(String label, Path dir) throws InputException {
    Map<String, String> files = new LinkedHashMap<>();
    try {
      for (Path f : SourceTree.files(dir, p -> p.getFileName().toString().endsWith(".yaml"))) {
        if (files.size() >= Limits.MAX_DIFF_POLICIES) {
          throw new InputException(
              label, "more than " + Limits.MAX_DIFF_POLICIES + " policy files");
        }
        String rel = dir.relativize(f).toString().replace('\\', '/');
        String text = read(f);
        if (rel.endsWith(PolicySide.SUITE) || Policies.declaresPolicy(text)) {
          files.put(rel, text);
        }
      }
    } catch (IOException e) {
      throw new InputException(label, "cannot list: " + e.getMessage());
    }
    return new PolicySide(label, files, dir);
  }

  private static String read(Path f) throws InputException {
    try {
      return BoundedFiles.readUtf8(f, Limits.DEFAULT.maxSuiteBytes(), "policy");
    } catch (LimitExceededException | IOException e) {
      throw new InputException(f.toString(), e.getMessage());
    }
  }
}
