package dev.teepol.cli;

import dev.teepol.cli.output.Style;
import dev.teepol.cli.report.JunitXml;
import dev.teepol.cli.report.TestJson;
import dev.teepol.cli.report.TextReport;
import dev.teepol.core.limits.Limits;
import dev.teepol.policy.test.TestSuite;
import dev.teepol.verifier.json.JsonOut;
import dev.teepol.verifier.suite.CaseResult;
import dev.teepol.verifier.suite.SuiteResult;
import dev.teepol.verifier.suite.SuiteRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import javax.xml.stream.XMLStreamException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
          + " 'PASS suite › case' or 'FAIL suite › case: why' per case, a failed case followed by the checks"
          + " that did not pass with their reasons, then 'N passed, N failed'. --case runs only the cases of"
          + " that name.%n"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every case passed",
      "1:a case failed",
      "2:bad usage, no suite found, no case named by --case, or a suite that cannot run (malformed, or its"
          + " policy does not compile)"
    })
public final class TestCommand implements Callable<Integer> {
  /** Report formats: text lines, one JSON document, or JUnit XML for CI. */
  public enum ReportFormat {
    text,
    json,
    junit
  }

  /** How many failing checks a FAIL line lists before "... and N more" (all with --verbose). */
  static final int SHOWN_CHECKS = 10;

  private final CliEnvironment env;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json prints one document (suites, cases,"
              + " outcome, problems, the failing checks; docs/verdict-schema.md), junit JUnit XML; either goes to"
              + " --output, or to stdout without it.")
  ReportFormat format;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description =
          "Where --format json or junit writes its document; the text lines still go to stdout.")
  Path output;

  @Option(
      names = "--case",
      paramLabel = "NAME",
      description =
          "Run only the case(s) with this exact name (repeatable). A name no suite has is bad usage (exit 2).")
  List<String> caseNames = new ArrayList<>();

  @Parameters(
      paramLabel = "DIR|FILE",
      arity = "0..*",
      description = "Suites, or directories to search (default: the current directory).")
  List<Path> paths = new ArrayList<>();

  @Spec CommandSpec spec;

  public TestCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InputException {
    Style style = Output.style(spec, env);
    if (output != null && format == ReportFormat.text) {
      throw new InputException("--output", "only with --format json or junit");
    }
    List<Path> suites = find(paths.isEmpty() ? List.of(Path.of(".")) : paths);
    SuiteRunner runner = new SuiteRunner(env.providers(), Limits.DEFAULT);
    boolean textOnStdout = format == ReportFormat.text || output != null;
    PrintWriter text = style.text(env.out());
    Predicate<String> wanted = caseNames.isEmpty() ? n -> true : caseNames::contains;
    List<SuiteResult> results = new ArrayList<>();
    for (Path s : suites) {
      SuiteResult r = runner.run(s, wanted);
      results.add(r);
      if (textOnStdout) {
        print(r, text, style);
      }
    }
    long passed = results.stream().mapToLong(SuiteResult::passed).sum();
    long failed = results.stream().mapToLong(SuiteResult::failed).sum();
    long broken = results.stream().filter(r -> r.broken().isPresent()).count();
    if (!caseNames.isEmpty() && passed + failed == 0 && broken == 0) {
      // Fail closed: a CI job running a case that was renamed away must not go green on nothing.
      throw new InputException(
          "--case",
          "no case named " + String.join(" or ", caseNames) + " in " + suites.size() + " suite(s)");
    }
    if (textOnStdout) {
      text.println(
          (failed > 0
              ? style.red(passed + " passed, " + failed + " failed")
              : passed + " passed, 0 failed"));
      text.flush();
    }
    if (format != ReportFormat.text) {
      document(results);
    }
    env.out().flush();
    if (broken > 0) {
      env.err().println("teepol: " + broken + " suite(s) could not run");
      env.err().flush();
      return ExitCodes.INPUT;
    }
    return failed > 0 ? ExitCodes.DENY : ExitCodes.ALLOW;
  }

  private void print(SuiteResult r, PrintWriter out, Style style) {
    r.broken()
        .ifPresent(
            report -> {
              out.println(style.red("ERROR") + " " + r.name() + ": suite cannot run");
              out.flush();
              env.err().println(report);
              env.err().flush();
            });
    for (CaseResult c : r.cases()) {
      if (c.passed()) {
        if (!style.quiet()) {
          out.println(
              style.green("PASS")
                  + " "
                  + r.name()
                  + " › "
                  + c.name()
                  + (style.verbose() ? c.decision().map(d -> "  (" + d + ")").orElse("") : ""));
        }
        continue;
      }
      out.println(style.red("FAIL") + " " + r.name() + " › " + c.name() + ": " + c.message());
      // The reasons, not only the ids: what the person fixing the policy or the case needs.
      int width = c.notPassing().stream().mapToInt(x -> x.id().length()).max().orElse(0);
      int limit = style.verbose() ? Integer.MAX_VALUE : SHOWN_CHECKS;
      c.notPassing().stream()
          .limit(limit)
          .forEach(
              x ->
                  out.println(
                      "    "
                          + style.symbol(x.outcome())
                          + " "
                          + TextReport.padded(x.id(), width)
                          + (x.explanation().isEmpty() ? "" : "  " + x.explanation())
                          + (x.source().isEmpty() ? "" : "  [" + x.source() + "]")));
      if (c.notPassing().size() > limit) {
        out.println("    … and " + (c.notPassing().size() - limit) + " more (--verbose lists all)");
      }
    }
    out.flush();
  }

  private void document(List<SuiteResult> results) throws InputException {
    try {
      if (output == null) {
        StringWriter w = new StringWriter();
        write(results, w);
        env.out().print(w);
        return;
      }
      try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
        write(results, w);
      }
    } catch (IOException | XMLStreamException e) {
      throw new InputException(
          output == null ? "--output" : output.toString(),
          "cannot write the " + format + " report: " + e.getMessage());
    }
  }

  private void write(List<SuiteResult> results, Writer w) throws IOException, XMLStreamException {
    if (format == ReportFormat.junit) {
      JunitXml.write(results, w);
    } else {
      w.write(JsonOut.pretty(TestJson.of(results)));
      w.write("\n");
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
