package dev.teepol.policy.test;

import dev.teepol.policy.compile.CompiledOutput;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Diagnostic;
import dev.teepol.policy.compile.Suggest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A {@code <policy>.tests.yaml} file: the policy it tests and its cases.
 *
 * @param source the suite's text, for error snippets
 * @param policyRef a path (resolved against the suite's directory) or {@code builtin:<name>}
 */
public record TestSuite(Path file, String source, String policyRef, List<TestCase> cases) {
  public static final String SUFFIX = ".tests.yaml";

  public TestSuite {
    cases = List.copyOf(cases);
  }

  /**
   * Expected outputs the policy does not define: a typo there would otherwise only show as a
   * confusing "got none" on every run.
   */
  public List<Diagnostic> unknownOutputs(CompiledPolicy policy) {
    Set<String> defined =
        policy.outputs().stream()
            .map(CompiledOutput::name)
            .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    List<Diagnostic> out = new java.util.ArrayList<>();
    for (TestCase c : cases) {
      c.expect()
          .outputPositions()
          .forEach(
              (name, pos) -> {
                if (!defined.contains(name)) {
                  out.add(
                      Diagnostic.error(
                              pos,
                              "case '"
                                  + c.name()
                                  + "' expects output '"
                                  + name
                                  + "', which policy "
                                  + policy.name()
                                  + " does not define (outputs: "
                                  + defined
                                  + ")")
                          .withSuggestion(Suggest.closest(name, defined)));
                }
              });
    }
    return out.stream()
        .sorted(java.util.Comparator.comparingInt((Diagnostic d) -> d.pos().line()))
        .toList();
  }

  /** What the suite is called in reports: the file as it was found. */
  public String name() {
    return file.toString();
  }
}
