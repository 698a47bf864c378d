package dev.teepol.cli;

import dev.teepol.cli.report.JunitXml;
import dev.teepol.core.limits.Limits;
import dev.teepol.policy.test.TestSuite;
import dev.teepol.verifier.suite.CaseResult;
import dev.teepol.verifier.suite.SuiteResult;
import dev.teepol.verifier.suite.SuiteRunner;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.xml.stream.XMLStreamException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code teepol test}: run policy test suites ({@code *.tests.yaml}), in the manner of {@code
 * kyverno test}.
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run policy test suites: every case of every *.tests.yaml found (directories recursively).",
      "%nEach case gives raw evidence (file, collateral, trustAnchor, nonce; paths relative to the suite) or"
          + " normalized evidence, the instant 'at' it is judged at (never the wall clock), and what to expect:"
          + " the decision, optionally the exact set of failing check ids and output values. Prints"
          + " 'PASS suite › case' or 'FAIL suite › case: why' per case, then 'N passed, N failed'.%n"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every case passed",
      "1:a case failed",
      "2:bad usage, no suite found, or a suite that cannot run (malformed, or its policy does not compile)"
    })
public final class TestCommand implements Callable<Integer> {
  /** Report formats: text lines, or JUnit XML for CI. */
  public enum ReportFormat {
    text,
    junit
  }

  private final CliEnvironment env;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). junit writes JUnit XML to --output, or to stdout without it.")
  ReportFormat format;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Where --format junit writes its XML; the text lines still go to stdout.")
  Path output;

  @Parameters(
      paramLabel = "DIR|FILE",
      arity = "0..*",
      description = "Suites, or directories to search (default: the current directory).")
  List<Path> paths = new ArrayList<>();

  public TestCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InputException {
    if (output != null && format != ReportFormat.junit) {
      throw new InputException("--output", "only with --format junit");
    }
    List<Path> suites = find(paths.isEmpty() ? List.of(Path.of(".")) : paths);
    SuiteRunner runner = new SuiteRunner(env.providers(), Limits.DEFAULT);
    boolean textOnStdout = format == ReportFormat.text || output != null;
    List<SuiteResult> results = new ArrayList<>();
    for (Path s : suites) {
      SuiteResult r = runner.run(s);
      results.add(r);
      if (textOnStdout) {
        print(r);
      }
    }
    long passed = results.stream().mapToLong(SuiteResult::passed).sum();
    long failed = results.stream().mapToLong(SuiteResult::failed).sum();
    long broken = results.stream().filter(r -> r.broken().isPresent()).count();
    if (textOnStdout) {
      env.out().println(passed + " passed, " + failed + " failed");
    }
    if (format == ReportFormat.junit) {
      junit(results);
    }
    env.out().flush();
    if (broken > 0) {
      env.err().println("teepol: " + broken + " suite(s) could not run");
      env.err().flush();
      return ExitCodes.INPUT;
    }
    return failed > 0 ? ExitCodes.DENY : ExitCodes.ALLOW;
  }

  private void print(SuiteResult r) {
    r.broken()
        .ifPresent(
            report -> {
              env.out().println("ERROR " + r.name() + ": suite cannot run");
              env.err().println(report);
              env.err().flush();
            });
    for (CaseResult c : r.cases()) {
      env.out()
          .println(
              (c.passed() ? "PASS " : "FAIL ")
                  + r.name()
                  + " › "
                  + c.name()
                  + (c.passed() ? "" : ": " + c.message()));
    }
    env.out().flush();
  }

  private void junit(List<SuiteResult> results) throws InputException {
    try {
      if (output == null) {
        StringWriter w = new StringWriter();
        JunitXml.write(results, w);
        env.out().print(w);
        return;
      }
      try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
        JunitXml.write(results, w);
      }
    } catch (IOException | XMLStreamException e) {
      throw new InputException(
          output == null ? "--output" : output.toString(),
          "cannot write the JUnit report: " + e.getMessage());
    }
  }

  /** Suites named directly, and every *.tests.yaml under the directories, in a stable order. */
  static List<Path> find(List<Path> roots) throws InputException {
    List<Path> out = new ArrayList<>();
    for (Path root : roots) {
      if (Files.isRegularFile(root)) {
        out.add(root);
      } else if (Files.isDirectory(root)) {
        try {
          List<Path> found =
              SourceTree.files(root, p -> p.getFileName().toString().endsWith(TestSuite.SUFFIX))
                  .stream()
                  .map(Path::normalize)
                  .toList();
          if (found.isEmpty()) {
            // Fail closed: a CI job pointed at the wrong directory must not go green.
            throw new InputException(root.toString(), "no *" + TestSuite.SUFFIX + " suite found");
          }
          out.addAll(found);
        } catch (IOException e) {
          throw new InputException(root.toString(), "cannot list: " + e.getMessage());
        }
      } else {
        throw new InputException(root.toString(), "no such file or directory");
      }
    }
    return out;
  }
}
