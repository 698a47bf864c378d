package dev.teepol.policy.diff;

import dev.teepol.policy.model.Policy;
import dev.teepol.policy.model.Vocabulary;
import dev.teepol.policy.yaml.SourcePos;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tcb}: statuses and advisories are allowances (more accepts more), the expiry, collateral
 * age and grace are thresholds, {@code appliesTo} is read as the set of TEEs it exempts. Absent
 * values are the strict defaults the compiler applies (only UpToDate, no advisories, no grace).
 */
final class TcbDiff {
  /** What each status means for the platform, for the reviewer deciding whether to approve. */
  private static final Map<String, String> MEANING =
      Map.of(
          "SWHardeningNeeded", "patched, but needs software mitigations the enclave may lack",
          "ConfigurationNeeded", "patched, but the platform configuration leaves it vulnerable",
          "ConfigurationAndSWHardeningNeeded",
              "needs both a configuration change and software mitigations",
          "OutOfDate",
              "the platform lacks published security fixes (microcode, firmware, TDX module)",
          "OutOfDateConfigurationNeeded", "lacks published fixes and needs a configuration change",
          "UpToDate", "every published fix applied");

  /** How {@link #exempt} names evidence that comes from no TEE. */
  static final String NO_TEE = "none (evidence from no TEE, e.g. a GPU-only token)";

  private TcbDiff() {}

  static void allow(Policy a, Policy b, Diffs out) {
    List<String> x = allowed(a);
    List<String> y = allowed(b);
    Diffs tmp = new Diffs();
    tmp.allowances("tcb.allow", "TCB status", x, y, pos(b, "allow"));
    for (Change c : tmp.changes()) {
      List<String> details = new ArrayList<>();
      List<String> advisories = advisories(b);
      for (String s : y) {
        if (x.contains(s)) {
          continue;
        }
        details.add(
            "now allowed: "
                + s
                + " ("
                + MEANING.getOrDefault(s, "a vendor TCB status")
                + ")"
                + b.spec()
                    .tcb()
                    .flatMap(Policy.TcbRules::expires)
                    .map(e -> " until " + e)
                    .orElse(""));
        if (!s.equals("UpToDate")) {
          details.add(
              advisories.isEmpty()
                  ? "advisories that become acceptable: none (tcb.allowAdvisories is empty, so "
                      + s
                      + " evidence still fails policy.tcb.advisories when it carries any; such levels"
                      + " usually do)"
                  : "advisories that become acceptable on "
                      + s
                      + " platforms: "
                      + advisories
                      + " (tcb.allowAdvisories)");
        }
      }
      for (String s : x) {
        if (!y.contains(s)) {
          details.add("no longer allowed: " + s);
        }
      }
      out.add(c.key(), c.effect(), c.summary(), details, c.at().orElse(null));
    }
  }

  static void advisories(Policy a, Policy b, Diffs out) {
    Diffs tmp = new Diffs();
    tmp.allowances(
        "tcb.allowAdvisories", "advisory", advisories(a), advisories(b), pos(b, "allowAdvisories"));
    for (Change c : tmp.changes()) {
      List<String> details = new ArrayList<>(c.details());
      if (c.effect().mayWiden()) {
        details.add("on platforms whose TCB status is allowed: " + allowed(b));
      }
      out.add(c.key(), c.effect(), c.summary(), details, c.at().orElse(null));
    }
  }

  static void expires(Policy a, Policy b, Diffs out) {
    Optional<Instant> x = a.spec().tcb().flatMap(Policy.TcbRules::expires);
    Optional<Instant> y = b.spec().tcb().flatMap(Policy.TcbRules::expires);
    if (x.equals(y)) {
      return;
    }
    String summary =
        "tcb.expires: "
            + x.map(Instant::toString).orElse("never")
            + " → "
            + y.map(Instant::toString).orElse("never");
    if (!hasAllowances(a) || !hasAllowances(b)) {
      // An expiry only bounds allowances: with none on one side, it bounds only the allowances
      // added (or removed) there, which tcb.allow and tcb.allowAdvisories already classify.
      out.add(
          "tcb.expires",
          Effect.EQUAL,
          summary,
          List.of(
              !hasAllowances(a) && !hasAllowances(b)
                  ? "no effect: neither version allows anything beyond UpToDate without advisories"
                  : "bounds only the allowances "
                      + (hasAllowances(b) ? "added" : "removed")
                      + " in this change (classified under tcb.allow and tcb.allowAdvisories)"),
          pos(b, "expires"));
      return;
    }
    Instant before = x.orElse(Instant.MAX);
    Instant after = y.orElse(Instant.MAX);
    out.add(
        "tcb.expires",
        after.isAfter(before) ? Effect.WIDENS : Effect.NARROWS,
        summary,
        List.of(
            after.isAfter(before)
                ? "TCB allowances beyond UpToDate and allowed advisories stay valid longer"
                : "TCB allowances beyond UpToDate and allowed advisories lapse sooner"),
        pos(b, "expires"));
  }

  static void collateralAge(Policy a, Policy b, Diffs out) {
    duration(
        "tcb.maxCollateralAge",
        a.spec().tcb().flatMap(Policy.TcbRules::maxCollateralAge),
        b.spec().tcb().flatMap(Policy.TcbRules::maxCollateralAge),
        "unbounded",
        "older collateral (TCB info, QE identity) is accepted",
        pos(b, "maxCollateralAge"),
        out);
  }

  static void grace(Policy a, Policy b, Diffs out) {
    duration(
        "tcb.outOfDateGrace",
        Optional.of(a.spec().tcb().flatMap(Policy.TcbRules::outOfDateGrace).orElse(Duration.ZERO)),
        Optional.of(b.spec().tcb().flatMap(Policy.TcbRules::outOfDateGrace).orElse(Duration.ZERO)),
        "none",
        "OutOfDate platforms pass for longer after a TCB recovery",
        pos(b, "outOfDateGrace"),
        out);
  }

  /**
   * {@code tcb.minimum}, component by component (a higher microcode never makes up for an older SNP
   * firmware): a lower minimum widens, a higher one narrows, naming a component narrows (evidence
   * that lacks it, FMC before Turin, fails) and dropping one widens.
   */
  static void minimum(Policy a, Policy b, Diffs out) {
    Map<String, Long> x = a.spec().tcb().map(Policy.TcbRules::minimum).orElse(Map.of());
    Map<String, Long> y = b.spec().tcb().map(Policy.TcbRules::minimum).orElse(Map.of());
    for (String c : Vocabulary.SNP_TCB_COMPONENTS) {
      out.minimum(
          "tcb.minimum." + c,
          Optional.ofNullable(x.get(c)),
          Optional.ofNullable(y.get(c)),
          "REPORTED_TCB " + c + " SVN",
          pos(b, "minimum"));
    }
  }

  /** {@code tcb.minEvaluationDataNumber}: a lower bound on the collateral's evaluation number. */
  static void evaluationDataNumber(Policy a, Policy b, Diffs out) {
    out.minimum(
        "tcb.minEvaluationDataNumber",
        a.spec().tcb().flatMap(Policy.TcbRules::minEvaluationDataNumber),
        b.spec().tcb().flatMap(Policy.TcbRules::minEvaluationDataNumber),
        "Intel collateral with TCB evaluation data number",
        pos(b, "minEvaluationDataNumber"));
  }

  /** A duration where longer accepts more; an absent one is unbounded (empty) or zero. */
  private static void duration(
      String key,
      Optional<Duration> x,
      Optional<Duration> y,
      String absent,
      String wider,
      SourcePos at,
      Diffs out) {
    if (x.equals(y)) {
      return;
    }
    Duration before = x.orElse(Duration.ofSeconds(Long.MAX_VALUE));
    Duration after = y.orElse(Duration.ofSeconds(Long.MAX_VALUE));
    if (before.equals(after)) {
      return;
    }
    boolean widens = after.compareTo(before) > 0;
    out.add(
        key,
        widens ? Effect.WIDENS : Effect.NARROWS,
        key + ": " + show(x, absent) + " → " + show(y, absent),
        List.of(
            widens
                ? "now accepted: " + wider
                : "no longer accepted: what the old bound let in beyond the new"),
        at);
  }

  private static String show(Optional<Duration> d, String absent) {
    return d.filter(x -> !x.isZero() || !absent.equals("none"))
        .map(x -> x.toSeconds() % 86400 == 0 ? x.toDays() + "d" : x.toString())
        .orElse(absent);
  }

  static void appliesTo(Policy a, Policy b, Diffs out) {
    List<String> x = exempt(a);
    List<String> y = exempt(b);
    List<String> ax = a.spec().tcb().map(Policy.TcbRules::appliesTo).orElse(List.of());
    List<String> bx = b.spec().tcb().map(Policy.TcbRules::appliesTo).orElse(List.of());
    Diffs tmp = new Diffs();
    tmp.allowances("tcb.appliesTo", "TEE exempt from the TCB checks", x, y, pos(b, "appliesTo"));
    List<Change> found = tmp.changes().stream().filter(c -> c.effect() != Effect.EQUAL).toList();
    if (found.isEmpty() && !ax.equals(bx)) {
      out.add(
          "tcb.appliesTo",
          Effect.EQUAL,
          "tcb.appliesTo: "
              + (ax.isEmpty() ? "every TEE" : ax)
              + " → "
              + (bx.isEmpty() ? "every TEE" : bx),
          List.of(
              "the same TEEs are exempt: "
                  + (y.isEmpty() ? "none" : y)
                  + " (TEEs with a vendor TCB are always judged)"),
          pos(b, "appliesTo"));
    }
    for (Change c : found) {
      out.add(
          c.key(),
          c.effect(),
          "tcb.appliesTo: "
              + (ax.isEmpty() ? "every TEE" : ax)
              + " → "
              + (bx.isEmpty() ? "every TEE" : bx),
          c.details(),
          c.at().orElse(null));
    }
  }

  /**
   * TEEs whose evidence passes the TCB checks unjudged: listed nowhere and without a vendor TCB.
   */
  private static List<String> exempt(Policy p) {
    List<String> applies = p.spec().tcb().map(Policy.TcbRules::appliesTo).orElse(List.of());
    if (applies.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    Vocabulary.TEES.keySet().stream()
        .filter(t -> !Vocabulary.VENDOR_TCB_TEES.contains(t) && !applies.contains(t))
        .forEach(out::add);
    // The generated checks exempt every TEE outside the judged list, so also evidence from no TEE
    // at all (a GPU-only NRAS token), which without appliesTo is UNEVALUABLE for want of a status.
    out.add(NO_TEE);
    return out;
  }

  static List<String> allowed(Policy p) {
    return p.spec().tcb().map(Policy.TcbRules::allow).orElse(List.of("UpToDate"));
  }

  static List<String> advisories(Policy p) {
    return p.spec().tcb().map(Policy.TcbRules::allowAdvisories).orElse(List.of());
  }

  private static boolean hasAllowances(Policy p) {
    return allowed(p).stream().anyMatch(s -> !s.equals("UpToDate")) || !advisories(p).isEmpty();
  }

  private static SourcePos pos(Policy p, String key) {
    return p.spec()
        .tcb()
        .map(t -> t.keyPositions().getOrDefault(key, t.pos()))
        .orElse(p.spec().pos());
  }
}
