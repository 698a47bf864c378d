package dev.teepol.policy.diff;

import dev.teepol.policy.model.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rules} (each one more condition evidence must meet) and {@code outputs}. Rules are paired
 * first by expression (a renamed rule with the same expression is EQUAL), then by name (the two
 * expressions are compared by {@link CelDiff}); a rule only on the new side narrows, one only on
 * the old side widens.
 */
final class RulesDiff {
  private RulesDiff() {}

  static void rules(Policy a, Policy b, Diffs out) {
    List<Policy.Rule> before = new ArrayList<>(a.spec().rules());
    List<Policy.Rule> after = new ArrayList<>(b.spec().rules());
    // One CelDiff for the whole comparison: each distinct expression text is parsed once.
    CelDiff cel = new CelDiff();
    // Pass 1: the same expression (normalized), preferring the same name.
    for (Policy.Rule n : List.copyOf(after)) {
      String canon = cel.normalized(n.expression().text());
      Policy.Rule match =
          before.stream()
              .filter(
                  o ->
                      o.name().equals(n.name())
                          && cel.normalized(o.expression().text()).equals(canon))
              .findFirst()
              .orElseGet(
                  () ->
                      before.stream()
                          .filter(o -> cel.normalized(o.expression().text()).equals(canon))
                          .findFirst()
                          .orElse(null));
      if (match == null) {
        continue;
      }
      before.remove(match);
      after.remove(n);
      List<String> notes = new ArrayList<>();
      if (!match.name().equals(n.name())) {
        notes.add("renamed from '" + match.name() + "' (same expression)");
      }
      if (!match.expression().text().equals(n.expression().text())) {
        notes.add("the expression is spelled differently but is the same after normalization");
      }
      if (!match.message().equals(n.message())) {
        notes.add("its failure message changed");
      }
      if (!notes.isEmpty()) {
        out.add(
            "rules." + n.name(),
            Effect.EQUAL,
            "rule '" + n.name() + "': " + String.join("; ", notes),
            List.of(),
            n.pos());
      }
    }
    // Pass 2: the same name, a different expression.
    for (Policy.Rule n : List.copyOf(after)) {
      Policy.Rule match =
          before.stream().filter(o -> o.name().equals(n.name())).findFirst().orElse(null);
      if (match == null) {
        continue;
      }
      before.remove(match);
      after.remove(n);
      CelDiff.Verdict v = cel.comparison(match.expression().text(), n.expression().text());
      out.add(
          "rules." + n.name(),
          v.effect(),
          "rule '"
              + n.name()
              + "' "
              + (v.effect() == Effect.UNDECIDED ? "changed" : v.effect().label()),
          v.details(),
          n.pos());
    }
    for (Policy.Rule n : after) {
      out.add(
          "rules." + n.name(),
          Effect.NARROWS,
          "new rule '" + n.name() + "': one more condition evidence must meet",
          List.of("`" + n.expression().text().strip() + "`"),
          n.pos());
    }
    for (Policy.Rule o : before) {
      out.add(
          "rules." + o.name(),
          Effect.WIDENS,
          "rule '" + o.name() + "' removed: evidence it denied may pass now",
          List.of("`" + o.expression().text().strip() + "`"),
          b.spec().pos());
    }
  }

  static void outputs(Policy a, Policy b, Diffs out) {
    CelDiff cel = new CelDiff();
    Map<String, Policy.Output> before = new LinkedHashMap<>();
    a.spec().outputs().forEach(o -> before.put(o.name(), o));
    Map<String, Policy.Output> after = new LinkedHashMap<>();
    b.spec().outputs().forEach(o -> after.put(o.name(), o));
    after.forEach(
        (name, n) -> {
          Policy.Output o = before.get(name);
          if (o == null) {
            out.add(
                "outputs." + name,
                Effect.NARROWS,
                "new output '"
                    + name
                    + "': evidence it cannot be computed for is denied (policy.output."
                    + name
                    + ")",
                List.of("`" + n.expression().text().strip() + "`"),
                n.pos());
          } else if (!cel.normalized(o.expression().text())
              .equals(cel.normalized(n.expression().text()))) {
            out.add(
                "outputs." + name,
                Effect.UNDECIDED,
                "output '" + name + "' changed: services that gate on it may accept differently",
                List.of(
                    "cannot decide: `"
                        + o.expression().text().strip()
                        + "` became `"
                        + n.expression().text().strip()
                        + "`"),
                n.pos());
          }
        });
    before.forEach(
        (name, o) -> {
          if (!after.containsKey(name)) {
            out.add(
                "outputs." + name,
                Effect.WIDENS,
                "output '"
                    + name
                    + "' removed: it can no longer deny, and services that gate on it see none",
                List.of("`" + o.expression().text().strip() + "`"),
                b.spec().pos());
          }
        });
  }
}
