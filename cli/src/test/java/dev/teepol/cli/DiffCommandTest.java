package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** teepol diff end to end: the forms, the formats and the exit codes a CI gate relies on. */
class DiffCommandTest {
  static final Path POLICIES = Path.of("..", "examples", "policies");
  static final String NEAR = POLICIES.resolve("near-ai-qwen.yaml").toString();
  static final String NEAR_V2 =
      Path.of("..", "examples", "review", "near-ai-qwen.v2.yaml").toString();

  @TempDir Path tmp;

  @Test
  void theDocumentedExampleWidensAndFlipsTwoVerdicts() {
    CliRun r = CliRun.real("diff", NEAR, NEAR_V2, "--format", "markdown");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    assertThat(r.out().lines().findFirst().orElseThrow())
        .isEqualTo(
            "### teepol diff: 3 widening changes, 2 narrowing changes, 2 verdict flips (2 DENY→ALLOW, 0 ALLOW→DENY)");
    assertThat(r.out())
        .contains(
            "new bundle 'dstack-nvidia-0.5.6'", "closest existing bundle: 'dstack-nvidia-0.5.5'")
        .contains(
            "| near-ai-qwen.tests.yaml › model node on an OutOfDate platform | DENY | **ALLOW** |");
  }

  @Test
  void docsShowTheMarkdownThisCommandPrints() throws Exception {
    // docs/reviewing-policies.md embeds the output of exactly this run; regenerate it if this
    // fails.
    String doc = Files.readString(Path.of("..", "docs", "reviewing-policies.md"));
    // Paths in the doc are as typed from the repository root.
    String out = CliRun.real("diff", NEAR, NEAR_V2, "--format", "markdown").out();
    assertThat(doc).contains(out.replace("../examples/", "examples/"));
  }

  @Test
  void narrowingOnlyExitsZeroAndEqualPoliciesSayNothingChanged() throws Exception {
    String text = Files.readString(POLICIES.resolve("dstack-app.yaml"));
    Path narrower = tmp.resolve("dstack-app.yaml");
    Files.writeString(narrower, text.replace("maxCollateralAge: 30d", "maxCollateralAge: 7d"));
    CliRun r =
        CliRun.real("diff", POLICIES.resolve("dstack-app.yaml").toString(), narrower.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("- narrows      tcb.maxCollateralAge: 30d → 7d")
        .contains("0 widening changes, 1 narrowing change");
    Path same = tmp.resolve("same.yaml");
    Files.writeString(same, "# reformatted\n" + text.replace("tee: [tdx]", "tee: ['tdx']"));
    CliRun eq =
        CliRun.real("diff", POLICIES.resolve("dstack-app.yaml").toString(), same.toString());
    assertThat(eq.exitCode()).isZero();
    assertThat(eq.out()).contains("= equal        reformatted");
  }

  @Test
  void jsonIsOneDocumentForBots() {
    CliRun r = CliRun.real("diff", NEAR, NEAR_V2, "--format", "json");
    assertThat(r.exitCode()).isEqualTo(3);
    JsonObject o = Json.createReader(new StringReader(r.out())).readObject();
    assertThat(o.getString("schema")).isEqualTo("teepol.dev/diff/v1");
    assertThat(o.getBoolean("widens")).isTrue();
    assertThat(o.getInt("exit_code")).isEqualTo(3);
    JsonObject p = o.getJsonArray("policies").getJsonObject(0);
    assertThat(p.getString("effect")).isEqualTo("CHANGES");
    assertThat(p.getJsonObject("replay").getJsonArray("flips")).hasSize(2);
    assertThat(p.getJsonArray("changes").getValuesAs(JsonObject.class))
        .anyMatch(
            c ->
                c.getString("key").equals("measurements.bundles")
                    && c.getString("effect").equals("WIDENS"));
  }

  @Test
  void aPolicyThatDoesNotCompileIsExitTwoWithItsErrors() throws Exception {
    Path broken = tmp.resolve("broken.yaml");
    Files.writeString(
        broken,
        Files.readString(POLICIES.resolve("dstack-app.yaml"))
            .replace("allow: [UpToDate]", "allow: [Revoked]"));
    CliRun r =
        CliRun.real("diff", POLICIES.resolve("dstack-app.yaml").toString(), broken.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("a Revoked TCB can never be allowed").contains("does not compile");
  }

  @Test
  void gitRevisionsAreReadWithoutACheckout() throws Exception {
    Path repo = tmp.resolve("repo");
    Path dir = repo.resolve("policies");
    Files.createDirectories(dir);
    String text = Files.readString(POLICIES.resolve("dstack-app.yaml"));
    Files.writeString(dir.resolve("app.yaml"), text);
    Files.writeString(repo.resolve("ci.yaml"), "on: push\n");
    PersonIdent who = new PersonIdent("t", "t@example.com");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("v1").setAuthor(who).setCommitter(who).setSign(false).call();
      Files.writeString(
          dir.resolve("app.yaml"),
          text.replace(
              "osImageHashes: [07a2388c7a6a1b6a646d443f1517990a4ec294471d63146cda9d56972765051d]",
              "osImageHashes: [07a2388c7a6a1b6a646d443f1517990a4ec294471d63146cda9d56972765051d, 1111111111111111111111111111111111111111111111111111111111111111]"));
      git.add().addFilepattern(".").call();
      git.commit().setMessage("v2").setAuthor(who).setCommitter(who).setSign(false).call();
      // A working-tree edit on top: the KMS section removed.
      Files.writeString(dir.resolve("app.yaml"), text.substring(0, text.indexOf("  kms:")));
    }
    String r = repo.toString();
    CliRun range = CliRun.real("diff", "main~1..main", dir.toString(), "--repo", r);
    assertThat(range.exitCode()).as(range.out() + range.err()).isEqualTo(3);
    assertThat(range.out())
        .contains("policies/app.yaml: widens")
        .contains("workload.osImageHashes: adds [11111111…1111]");
    CliRun worktree = CliRun.real("diff", "HEAD", dir.resolve("app.yaml").toString(), "--repo", r);
    assertThat(worktree.exitCode()).isEqualTo(3);
    assertThat(worktree.out())
        .contains("HEAD → working tree")
        .contains("kms.allowedRoots removed")
        .contains("narrows      workload.osImageHashes");
    CliRun unknown = CliRun.real("diff", "nope..main", dir.toString(), "--repo", r);
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("nope: unknown revision");
    CliRun narrowing = CliRun.real("diff", "main..main~1", dir.toString(), "--repo", r);
    assertThat(narrowing.exitCode()).isZero();
    assertThat(narrowing.out()).contains("narrows");
  }

  @Test
  void evidenceFromACorpusDirectoryIsReplayed() throws Exception {
    // A one-case corpus: the simulated TDX quote, in the corpus layout.
    Path c = tmp.resolve("corpus").resolve("tdx").resolve("sim-v4");
    Files.createDirectories(c.resolve("collateral"));
    Path tdx = Path.of("..", "examples", "tdx");
    Files.copy(tdx.resolve("quote.bin"), c.resolve("quote.bin"));
    try (var s = Files.list(tdx.resolve("collateral"))) {
      for (Path f : s.toList()) {
        Files.copy(f, c.resolve("collateral").resolve(f.getFileName()));
      }
    }
    Files.writeString(
        c.resolve("expected.json"),
        "{\"verdict\": \"ACCEPT\", \"verify_at\": \"2025-01-01T00:00:00Z\"}");
    String strict =
        "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: s}\nspec:\n  substrate: {tee: [tdx]}\n";
    Path a = tmp.resolve("a.yaml");
    Path b = tmp.resolve("b.yaml");
    Files.writeString(a, strict);
    Files.writeString(b, strict.replace("tee: [tdx]", "tee: [sgx]"));
    CliRun r =
        CliRun.real(
            "diff",
            a.toString(),
            b.toString(),
            "--evidence",
            tmp.resolve("corpus").toString(),
            "--format",
            "text");
    assertThat(r.out()).as(r.err()).contains("evidence replay: 1 fixture(s)");
  }
}
