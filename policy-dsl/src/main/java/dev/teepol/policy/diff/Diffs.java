package dev.teepol.policy.diff;

import dev.teepol.core.bytes.Hex;
import dev.teepol.policy.yaml.SourcePos;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Collects the changes of one comparison, with the shapes every section is made of. */
final class Diffs {
  private final List<Change> changes = new ArrayList<>();

  void add(String key, Effect effect, String summary, List<String> details, SourcePos at) {
    changes.add(Change.of(key, effect, summary, details, at));
  }

  List<Change> changes() {
    return List.copyOf(changes);
  }

  /**
   * An allowlist where an absent list means "any value": writing one narrows, removing one widens,
   * and within lists added values widen and removed ones narrow.
   */
  void allowlist(
      String key,
      String noun,
      Optional<List<String>> before,
      Optional<List<String>> after,
      SourcePos at) {
    if (before.isEmpty() && after.isEmpty()) {
      return;
    }
    if (before.isEmpty()) {
      add(
          key,
          Effect.NARROWS,
          key + " now pins " + noun + ": only " + show(after.get()) + " (before: any)",
          List.of(),
          at);
      return;
    }
    if (after.isEmpty()) {
      add(
          key,
          Effect.WIDENS,
          key
              + " removed: any "
              + noun
              + " is accepted now (before: only "
              + show(before.get())
              + ")",
          List.of(),
          at);
      return;
    }
    members(key, noun, before.get(), after.get(), at, false);
  }

  /**
   * A list of allowances where more entries accept more evidence (statuses, advisories, attributes
   * a TD may lack); an absent list is {@code base}.
   */
  void allowances(String key, String noun, List<String> before, List<String> after, SourcePos at) {
    members(key, noun, before, after, at, true);
  }

  private void members(
      String key,
      String noun,
      List<String> before,
      List<String> after,
      SourcePos at,
      boolean allowances) {
    Set<String> added = new LinkedHashSet<>(after);
    before.forEach(added::remove);
    Set<String> removed = new LinkedHashSet<>(before);
    after.forEach(removed::remove);
    if (added.isEmpty() && removed.isEmpty()) {
      if (!before.equals(after)) {
        add(key, Effect.EQUAL, key + ": the same " + noun + " in another order", List.of(), at);
      }
      return;
    }
    List<String> parts = new ArrayList<>();
    if (!added.isEmpty()) {
      parts.add("adds " + show(added));
    }
    if (!removed.isEmpty()) {
      parts.add("removes " + show(removed));
    }
    List<String> details = new ArrayList<>();
    added.forEach(
        v -> details.add((allowances ? "now allowed: " : "now accepted: ") + noun + " " + v));
    removed.forEach(
        v ->
            details.add(
                "no longer " + (allowances ? "allowed" : "accepted") + ": " + noun + " " + v));
    add(
        key,
        Effect.ofSet(!added.isEmpty(), !removed.isEmpty()),
        key + ": " + String.join("; ", parts),
        details,
        at);
  }

  /** A switch whose {@code true} accepts more evidence. */
  void permission(String key, boolean before, boolean after, String meaning, SourcePos at) {
    permission(key, before, after, key + ": " + before + " → " + after, meaning, at);
  }

  /** As above, with the summary spelled by the caller (when the key's value is the inverse). */
  void permission(
      String key, boolean before, boolean after, String summary, String meaning, SourcePos at) {
    if (before == after) {
      return;
    }
    add(
        key,
        after ? Effect.WIDENS : Effect.NARROWS,
        summary,
        List.of((after ? "now accepted: " : "no longer accepted: ") + meaning),
        at);
  }

  /**
   * A lower bound where an absent one is no constraint: writing one narrows (evidence without the
   * value cannot pass it), removing one widens, a lower bound widens and a higher one narrows.
   */
  void minimum(String key, Optional<Long> before, Optional<Long> after, String what, SourcePos at) {
    if (before.equals(after)) {
      return;
    }
    String summary =
        key
            + ": "
            + before.map(String::valueOf).orElse("none")
            + " → "
            + after.map(String::valueOf).orElse("none");
    if (before.isEmpty()) {
      add(
          key,
          Effect.NARROWS,
          summary,
          List.of("no longer accepted: " + what + " below " + after.get() + ", or without one"),
          at);
    } else if (after.isEmpty()) {
      add(
          key,
          Effect.WIDENS,
          summary,
          List.of("now accepted: any " + what + " (before: at least " + before.get() + ")"),
          at);
    } else if (after.get() < before.get()) {
      add(
          key,
          Effect.WIDENS,
          summary,
          List.of(
              "now accepted: "
                  + what
                  + " "
                  + (after.get().equals(before.get() - 1)
                      ? String.valueOf(after.get())
                      : after.get() + ".." + (before.get() - 1))),
          at);
    } else {
      add(
          key,
          Effect.NARROWS,
          summary,
          List.of(
              "no longer accepted: "
                  + what
                  + " "
                  + (after.get().equals(before.get() + 1)
                      ? String.valueOf(before.get())
                      : before.get() + ".." + (after.get() - 1))),
          at);
    }
  }

  static String show(java.util.Collection<String> values) {
    return values.stream().map(Diffs::abbreviate).toList().toString();
  }

  static String abbreviate(String v) {
    return v.length() > 16 && Hex.isHex(v) ? Hex.abbreviate(v) : v;
  }
}
