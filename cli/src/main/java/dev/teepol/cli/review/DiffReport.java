package dev.teepol.cli.review;

import static dev.teepol.verifier.json.JsonOut.JSON;

import dev.teepol.policy.diff.Change;
import dev.teepol.policy.diff.Effect;
import dev.teepol.policy.diff.PolicyDiff;
import dev.teepol.verifier.json.JsonOut;
import dev.teepol.verifier.review.ReplayReport;
import dev.teepol.verifier.review.VerdictFlip;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@code teepol diff} found, for a terminal ({@link #text()}), a pull-request comment ({@link
 * #markdown()}) or a bot ({@link #json()}). The summary line comes first in every format.
 *
 * @param before how the old side was named ({@code main}, {@code old.yaml})
 * @param after how the new side was named
 */
public record DiffReport(String before, String after, List<Entry> entries) {
  /** Exit code when something may widen (WIDENS, CHANGES, cannot decide, or a DENY→ALLOW flip). */
  public static final int WIDENS = 3;

  /** One policy's changes and the verdicts its fixtures flip. */
  public record Entry(PolicyDiff diff, ReplayReport replay) {}

  public DiffReport {
    entries = List.copyOf(entries);
  }

  private long count(Effect e) {
    return entries.stream()
        .flatMap(x -> x.diff().changes().stream())
        .filter(c -> c.effect() == e)
        .count();
  }

  private List<VerdictFlip> flips() {
    return entries.stream().flatMap(e -> e.replay().flips().stream()).toList();
  }

  /** Whether a CI gate should ask for an extra approval. */
  public boolean widens() {
    return entries.stream().anyMatch(e -> e.diff().effect().mayWiden())
        || flips().stream().anyMatch(VerdictFlip::widens);
  }

  public int exitCode() {
    return widens() ? WIDENS : 0;
  }

  /** "2 widening changes, 1 verdict flip". */
  public String summary() {
    long widening = count(Effect.WIDENS) + count(Effect.CHANGES);
    List<String> parts = new ArrayList<>();
    parts.add(plural(widening, "widening change"));
    if (count(Effect.UNDECIDED) > 0) {
      parts.add(count(Effect.UNDECIDED) + " the diff cannot decide");
    }
    if (count(Effect.NARROWS) > 0) {
      parts.add(plural(count(Effect.NARROWS), "narrowing change"));
    }
    List<VerdictFlip> flips = flips();
    long toAllow = flips.stream().filter(VerdictFlip::widens).count();
    parts.add(
        plural(flips.size(), "verdict flip")
            + (flips.isEmpty()
                ? ""
                : " (" + toAllow + " DENY→ALLOW, " + (flips.size() - toAllow) + " ALLOW→DENY)"));
    return String.join(", ", parts);
  }

  private static String plural(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  private static String symbol(Effect e) {
    return switch (e) {
      case WIDENS -> "+";
      case NARROWS -> "-";
      case CHANGES -> "±";
      case UNDECIDED -> "?";
      case EQUAL -> "=";
    };
  }

  /** Plain text for a terminal. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append("teepol diff ").append(before).append(" → ").append(after).append('\n');
    if (entries.isEmpty()) {
      b.append("no policies changed\n");
    }
    for (Entry e : entries) {
      PolicyDiff d = e.diff();
      b.append('\n')
          .append(d.path())
          .append(": ")
          .append(d.effect().label())
          .append(status(d))
          .append('\n');
      for (Change c : d.changes()) {
        b.append("  ")
            .append(symbol(c.effect()))
            .append(' ')
            .append(String.format(Locale.ROOT, "%-13s", c.effect().label()))
            .append(c.summary())
            .append(c.at().map(p -> " (line " + p.line() + ")").orElse(""))
            .append('\n');
        c.details().forEach(x -> b.append("      ").append(x).append('\n'));
      }
      replayText(e.replay(), b);
    }
    b.append('\n').append(summary()).append('\n');
    return b.toString();
  }

  private static void replayText(ReplayReport r, StringBuilder b) {
    if (r.replayed() == 0 && r.skipped().isEmpty()) {
      return;
    }
    b.append("  evidence replay: ")
        .append(r.replayed())
        .append(" fixture(s), ")
        .append(plural(r.flips().size(), "flip"))
        .append('\n');
    for (VerdictFlip f : r.flips()) {
      b.append("    ")
          .append(f.before())
          .append(" → ")
          .append(f.after())
          .append("  ")
          .append(f.fixture())
          .append('\n');
      f.explaining()
          .forEach(
              c ->
                  b.append("        ")
                      .append(c.id())
                      .append(": ")
                      .append(c.before())
                      .append(" → ")
                      .append(c.after())
                      .append(c.reason().isEmpty() ? "" : " (" + c.reason() + ")")
                      .append('\n'));
    }
    r.skipped().forEach(s -> b.append("    not replayed: ").append(s).append('\n'));
  }

  private static String status(PolicyDiff d) {
    return switch (d.status()) {
      case ADDED -> " (new policy)";
      case REMOVED -> " (policy removed)";
      case CHANGED -> "";
    };
  }

  /** A pull-request comment: summary first, one section per policy, flips in a table. */
  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("### teepol diff: ").append(summary()).append("\n\n");
    b.append("`").append(before).append("` → `").append(after).append("`");
    b.append(
            widens()
                ? " · **needs an extra approval: this change may let in evidence that was denied before**"
                : " · nothing is newly accepted")
        .append("\n");
    if (entries.isEmpty()) {
      b.append("\nNo policies changed.\n");
    }
    for (Entry e : entries) {
      PolicyDiff d = e.diff();
      b.append("\n#### `")
          .append(d.path())
          .append("`: ")
          .append(d.effect().label())
          .append(status(d))
          .append("\n\n");
      for (Change c : d.changes()) {
        b.append("- ")
            .append(badge(c.effect()))
            .append(" `")
            .append(c.key())
            .append("`: ")
            .append(escape(withoutKey(c)))
            .append(c.at().map(p -> " (line " + p.line() + ")").orElse(""))
            .append('\n');
        c.details().forEach(x -> b.append("  - ").append(escape(x)).append('\n'));
      }
      ReplayReport r = e.replay();
      if (r.replayed() > 0 || !r.skipped().isEmpty()) {
        b.append("\nEvidence replay: ")
            .append(r.replayed())
            .append(" fixture(s), ")
            .append(plural(r.flips().size(), "verdict flip"))
            .append(".\n");
        if (!r.flips().isEmpty()) {
          b.append("\n| fixture | before | after | explained by |\n|---|---|---|---|\n");
          for (VerdictFlip f : r.flips()) {
            b.append("| ")
                .append(escape(f.fixture()))
                .append(" | ")
                .append(f.before())
                .append(" | ")
                .append(f.widens() ? "**" + f.after() + "**" : f.after().toString())
                .append(" | ")
                .append(
                    f.explaining().stream()
                        .map(c -> "`" + c.id() + "` " + c.before() + " → " + c.after())
                        .collect(Collectors.joining("<br>")))
                .append(" |\n");
          }
        }
        r.skipped().forEach(s -> b.append("- not replayed: ").append(escape(s)).append('\n'));
      }
    }
    b.append(
            "\n<sub>Generated by `teepol diff`. WIDENS: evidence is accepted that was denied before; NARROWS: the reverse;")
        .append(
            " CHANGES: both; cannot decide: free CEL the diff cannot reason about (read it).</sub>\n");
    return b.toString();
  }

  /** The summary without the key the markdown already shows in front of it. */
  private static String withoutKey(Change c) {
    String prefix = c.key() + ": ";
    return c.summary().startsWith(prefix) ? c.summary().substring(prefix.length()) : c.summary();
  }

  private static String badge(Effect e) {
    return switch (e) {
      case WIDENS -> "🔓 **widens**";
      case CHANGES -> "🔀 **changes**";
      case UNDECIDED -> "❓ **cannot decide**";
      case NARROWS -> "🔒 narrows";
      case EQUAL -> "＝ equal";
    };
  }

  private static String escape(String s) {
    return s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** One JSON document for bots ({@code teepol.dev/diff/v1}). */
  public String json() {
    JsonArrayBuilder policies = JSON.createArrayBuilder();
    for (Entry e : entries) {
      PolicyDiff d = e.diff();
      JsonArrayBuilder changes = JSON.createArrayBuilder();
      for (Change c : d.changes()) {
        JsonObjectBuilder o =
            JSON.createObjectBuilder()
                .add("key", c.key())
                .add("effect", c.effect().name())
                .add("summary", c.summary())
                .add("details", strings(c.details()));
        c.at().ifPresentOrElse(p -> o.add("line", p.line()), () -> o.addNull("line"));
        changes.add(o);
      }
      JsonArrayBuilder flips = JSON.createArrayBuilder();
      for (VerdictFlip f : e.replay().flips()) {
        JsonArrayBuilder checks = JSON.createArrayBuilder();
        f.explaining()
            .forEach(
                c ->
                    checks.add(
                        JSON.createObjectBuilder()
                            .add("id", c.id())
                            .add("before", c.before())
                            .add("after", c.after())
                            .add("reason", c.reason())));
        flips.add(
            JSON.createObjectBuilder()
                .add("fixture", f.fixture())
                .add("before", f.before().name())
                .add("after", f.after().name())
                .add("checks", checks));
      }
      policies.add(
          JSON.createObjectBuilder()
              .add("path", d.path())
              .add("status", d.status().name())
              .add("effect", d.effect().name())
              .add("changes", changes)
              .add(
                  "replay",
                  JSON.createObjectBuilder()
                      .add("replayed", e.replay().replayed())
                      .add("flips", flips)
                      .add("skipped", strings(e.replay().skipped()))));
    }
    return JsonOut.pretty(
        JSON.createObjectBuilder()
            .add("schema", "teepol.dev/diff/v1")
            .add("before", before)
            .add("after", after)
            .add("summary", summary())
            .add("widens", widens())
            .add("exit_code", exitCode())
            .add("policies", policies)
            .build());
  }

  private static JsonArrayBuilder strings(List<String> l) {
    JsonArrayBuilder a = JSON.createArrayBuilder();
    l.forEach(a::add);
    return a;
  }
}
