package dev.teepol.cli.review;

import dev.teepol.cli.InputException;
import dev.teepol.core.limits.Limits;
import dev.teepol.policy.compile.Policies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

/**
 * Policies at a Git revision, read from the object database with JGit: no checkout, no {@code git}
 * process, and every blob's size is known (and bounded) before it is loaded.
 */
public final class GitTrees implements AutoCloseable {
  private final Repository repo;

  private GitTrees(Repository repo) {
    this.repo = repo;
  }

  /** The repository that contains {@code dir}. */
  public static GitTrees open(Path dir) throws InputException {
    try {
      FileRepositoryBuilder b =
          new FileRepositoryBuilder().findGitDir(dir.toAbsolutePath().toFile());
      if (b.getGitDir() == null) {
        throw new InputException(
            dir.toString(), "not inside a Git repository (give two files or directories instead)");
      }
      return new GitTrees(b.setMustExist(true).build());
    } catch (IOException e) {
      throw new InputException(dir.toString(), "cannot open the Git repository: " + e.getMessage());
    }
  }

  /** The working tree's root. */
  public Path workTree() {
    return repo.getWorkTree().toPath();
  }

  /** {@code path} (relative to the current directory) as a path inside the repository. */
  public String repoPath(Path path) throws InputException {
    Path abs = path.toAbsolutePath().normalize();
    Path root = workTree().toAbsolutePath().normalize();
    if (!abs.startsWith(root)) {
      throw new InputException(path.toString(), "is outside the Git repository " + root);
    }
    return root.relativize(abs).toString().replace('\\', '/');
  }

  /**
   * Policy and suite texts under {@code paths} (repository paths; empty or "" for everything) at
   * {@code rev}, keyed by repository path.
   */
  public Map<String, String> read(String rev, List<String> paths) throws InputException {
    if (rev.isBlank() || rev.startsWith("-")) {
      throw new InputException(rev, "not a revision");
    }
    Map<String, String> out = new LinkedHashMap<>();
    try (RevWalk walk = new RevWalk(repo)) {
      ObjectId id;
      try {
        id = repo.resolve(rev + "^{commit}");
      } catch (RevisionSyntaxException e) {
        throw new InputException(rev, "not a revision: " + e.getMessage());
      }
      if (id == null) {
        throw new InputException(
            rev, "unknown revision (a branch, tag or commit of " + workTree() + ")");
      }
      RevCommit commit = walk.parseCommit(id);
      try (TreeWalk tw = new TreeWalk(repo)) {
        tw.addTree(commit.getTree());
        tw.setRecursive(true);
        List<String> filters = new ArrayList<>();
        for (String p : paths) {
          if (!p.isEmpty()) {
            filters.add(p);
          }
        }
        if (!filters.isEmpty()) {
          tw.setFilter(PathFilterGroup.createFromStrings(filters));
        }
        while (tw.next()) {
          String path = tw.getPathString();
          if (!path.endsWith(".yaml") || skipped(path)) {
            continue;
          }
          ObjectLoader l = repo.open(tw.getObjectId(0));
          long limit =
              path.endsWith(PolicySide.SUITE)
                  ? Limits.DEFAULT.maxSuiteBytes()
                  : Limits.DEFAULT.maxPolicyBytes();
          if (l.getSize() > limit) {
            throw new InputException(
                rev + ":" + path, l.getSize() + " bytes, over the limit of " + limit);
          }
          String text = new String(l.getCachedBytes(), StandardCharsets.UTF_8);
          if (path.endsWith(PolicySide.SUITE) || Policies.declaresPolicy(text)) {
            if (out.size() >= Limits.MAX_DIFF_POLICIES) {
              throw new InputException(
                  rev, "more than " + Limits.MAX_DIFF_POLICIES + " policy files");
            }
            out.put(path, text);
          }
        }
      }
    } catch (IOException e) {
      throw new InputException(rev, "cannot read the revision: " + e.getMessage());
    }
    return out;
  }

  /** Build output and hidden directories are never the user's policies (as for lint). */
  private static boolean skipped(String path) {
    for (String seg : path.split("/")) {
      if (seg.equals("target")
          || seg.equals("build")
          || seg.equals("node_modules")
          || (seg.startsWith(".") && seg.length() > 1)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    repo.close();
  }
}
