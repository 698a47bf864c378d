package dev.teepol.policy.compile;

import dev.teepol.policy.yaml.SourcePos;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of a file so that all of them are reported at once. */
public final class Diagnostics {
  private final List<Diagnostic> items = new ArrayList<>();

  public void error(SourcePos pos, String message) {
    items.add(Diagnostic.error(pos, message));
  }

  public void error(SourcePos pos, String message, String typo, Collection<String> candidates) {
    items.add(Diagnostic.error(pos, message).withSuggestion(Suggest.closest(typo, candidates)));
  }

  public void warning(SourcePos pos, String message) {
    items.add(Diagnostic.warning(pos, message));
  }

  public void add(Diagnostic d) {
    items.add(d);
  }

  public boolean hasErrors() {
    return items.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
  }

  public List<Diagnostic> all() {
    return items.stream()
        .sorted(
            Comparator.comparingInt((Diagnostic d) -> d.pos().line())
                .thenComparingInt(d -> d.pos().column()))
        .toList();
  }
}
