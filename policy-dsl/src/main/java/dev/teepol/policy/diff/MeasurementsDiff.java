package dev.teepol.policy.diff;

import dev.teepol.policy.model.Policy;
import dev.teepol.policy.yaml.SourcePos;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code measurements.bundles}: each bundle accepts the evidence whose registers equal all of its
 * pins (and, unless it pins {@code mr_servicetd}, a zero MRSERVICETD, as the compiler generates);
 * the section accepts the union. A bundle is covered by another when it pins at least the other's
 * registers with the same values. Because registers range over far more values than any policy
 * pins, a bundle is inside the union exactly when some single bundle covers it, so the
 * classification is exact: a new bundle no old one covers widens, an old bundle no new one covers
 * narrows.
 */
final class MeasurementsDiff {
  private static final String SERVICE_TD = "mr_servicetd";
  private static final String NO_SERVICE_TD = "0".repeat(96);

  private MeasurementsDiff() {}

  /** A bundle's effective constraints. */
  private record Pins(String name, Map<String, String> registers, SourcePos pos) {
    boolean coveredBy(Pins other) {
      return other.registers.entrySet().stream()
          .allMatch(e -> e.getValue().equals(registers.get(e.getKey())));
    }
  }

  static void bundles(Policy a, Policy b, Diffs out) {
    Optional<List<Pins>> x = a.spec().measurements().map(MeasurementsDiff::pins);
    Optional<List<Pins>> y = b.spec().measurements().map(MeasurementsDiff::pins);
    SourcePos at = b.spec().measurements().map(Policy.Measurements::pos).orElse(b.spec().pos());
    if (x.isEmpty() && y.isEmpty()) {
      return;
    }
    if (x.isEmpty()) {
      out.add(
          "measurements.bundles",
          Effect.NARROWS,
          "measurements added: the registers must match one of "
              + y.get().stream().map(Pins::name).toList()
              + " (before: any measurements)",
          List.of(),
          at);
      return;
    }
    if (y.isEmpty()) {
      out.add(
          "measurements.bundles",
          Effect.WIDENS,
          "measurements removed: any measurements are accepted now (before: one of "
              + x.get().stream().map(Pins::name).toList()
              + ")",
          List.of(),
          at);
      return;
    }
    List<Pins> before = x.get();
    List<Pins> after = y.get();
    Map<String, Pins> beforeByName = byName(before);
    Map<String, Pins> afterByName = byName(after);
    List<String> notes = new ArrayList<>();
    for (Pins n : after) {
      boolean widens = before.stream().noneMatch(n::coveredBy);
      Pins same = beforeByName.get(n.name());
      if (same != null) {
        boolean narrows = after.stream().noneMatch(same::coveredBy);
        if (widens || narrows) {
          List<String> details = new ArrayList<>(registerDiff(same, n));
          out.add(
              "measurements.bundles",
              Effect.ofSet(widens, narrows),
              "bundle '" + n.name() + "' changed",
              details,
              n.pos());
        } else if (!same.registers.equals(n.registers)) {
          notes.add(
              "bundle '" + n.name() + "' changed, but other bundles accept the same evidence");
        }
        continue;
      }
      if (widens) {
        List<String> details = new ArrayList<>();
        closest(n, before)
            .ifPresent(
                c -> {
                  details.add("closest existing bundle: '" + c.name() + "'");
                  details.addAll(registerDiff(c, n));
                });
        out.add(
            "measurements.bundles",
            Effect.WIDENS,
            "new bundle '" + n.name() + "' accepts measurements no existing bundle accepted",
            details,
            n.pos());
      } else {
        before.stream()
            .filter(n::coveredBy)
            .filter(o -> o.registers.equals(n.registers))
            .findFirst()
            .ifPresentOrElse(
                o -> {
                  if (!afterByName.containsKey(o.name())) {
                    notes.add(
                        "bundle '" + o.name() + "' renamed to '" + n.name() + "' (same registers)");
                  } else {
                    notes.add(
                        "bundle '" + n.name() + "' repeats the registers of '" + o.name() + "'");
                  }
                },
                () ->
                    notes.add(
                        "new bundle '"
                            + n.name()
                            + "' is narrower than an existing bundle: it accepts nothing new"));
      }
    }
    for (Pins o : before) {
      if (afterByName.containsKey(o.name())) {
        continue;
      }
      if (after.stream().noneMatch(o::coveredBy)) {
        out.add(
            "measurements.bundles",
            Effect.NARROWS,
            "bundle '" + o.name() + "' removed: its measurements are denied now",
            List.of(),
            at);
      }
    }
    List<String> orderBefore =
        before.stream().map(Pins::name).filter(afterByName::containsKey).toList();
    List<String> orderAfter =
        after.stream().map(Pins::name).filter(beforeByName::containsKey).toList();
    if (!orderBefore.equals(orderAfter)) {
      notes.add("bundles reordered (the order never matters)");
    }
    if (!notes.isEmpty()) {
      out.add("measurements.bundles", Effect.EQUAL, String.join("; ", notes), List.of(), at);
    }
  }

  private static List<Pins> pins(Policy.Measurements m) {
    List<Pins> out = new ArrayList<>();
    for (Policy.Bundle bu : m.bundles()) {
      Map<String, String> regs = new LinkedHashMap<>();
      bu.registers().forEach((k, v) -> regs.put(k, v.value()));
      // The compiler requires a zero MRSERVICETD of a bundle that does not pin one.
      regs.putIfAbsent(SERVICE_TD, NO_SERVICE_TD);
      out.add(new Pins(bu.name(), regs, bu.pos()));
    }
    return out;
  }

  private static Map<String, Pins> byName(List<Pins> l) {
    Map<String, Pins> m = new LinkedHashMap<>();
    l.forEach(p -> m.putIfAbsent(p.name(), p));
    return m;
  }

  private static Optional<Pins> closest(Pins n, List<Pins> candidates) {
    return candidates.stream().min(Comparator.comparingInt(c -> registerDiff(c, n).size()));
  }

  /** Register by register, what differs between an old bundle and a new one. */
  private static List<String> registerDiff(Pins old, Pins neu) {
    List<String> out = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(old.registers.keySet());
    names.addAll(neu.registers.keySet());
    for (String r : names) {
      String x = old.registers.get(r);
      String y = neu.registers.get(r);
      if (x == null) {
        out.add(r + ": newly pinned to " + Diffs.abbreviate(y));
      } else if (y == null) {
        out.add(r + ": no longer pinned (was " + Diffs.abbreviate(x) + ")");
      } else if (!x.equals(y)) {
        out.add(r + ": " + Diffs.abbreviate(x) + " → " + Diffs.abbreviate(y));
      }
    }
    return out;
  }
}
