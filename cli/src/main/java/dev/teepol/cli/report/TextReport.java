package dev.teepol.cli.report;

import dev.teepol.cli.output.Style;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.CollateralInfo;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.evidence.NonceState;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.policy.schema.EvidenceValues;
import dev.teepol.verifier.VerificationResult;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The report a person reads: every check, the measurements, the TCB and the decision. */
public final class TextReport {
  private TextReport() {}

  /** How reports name the wall clock (the CLI's, read once when no --at is given). */
  public static final String WALL_CLOCK = "wall clock";

  public static void print(VerificationResult v, PrintWriter out) {
    print(v, out, Style.PLAIN);
  }

  /**
   * The report in {@code style}: {@code -q} prints only the checks that did not pass and the
   * decision; {@code --verbose} adds each check's category and the full policy hash and nonce.
   */
  public static void print(VerificationResult v, PrintWriter out, Style style) {
    if (!style.quiet()) {
      header(v, out, style);
      out.println();
      out.println("checks:");
    }
    List<CheckResult> shown =
        v.verdict().checks().stream().filter(c -> !style.quiet() || !c.passed()).toList();
    int width = shown.stream().mapToInt(c -> c.id().length()).max().orElse(0);
    int catWidth = shown.stream().mapToInt(c -> c.category().name().length()).max().orElse(0);
    for (CheckResult c : shown) {
      String why = c.explanation();
      // A policy check names the line of the policy that made it, so a DENY leads straight to the
      // rule.
      out.println(
          "  "
              + style.symbol(c.outcome())
              + " "
              + pad(c.id(), width)
              + (style.verbose() ? "  " + pad(c.category().name(), catWidth) : "")
              + (why.isEmpty() ? "" : "  " + why)
              + (c.source().isEmpty() ? "" : "  [" + c.source() + "]"));
    }
    if (!style.quiet()) {
      if (!v.verdict().outputs().isEmpty()) {
        out.println();
        out.println("outputs:");
        v.verdict().outputs().forEach((k, x) -> out.println("  " + k + ": " + x));
      }
      printEvidence("", v.appraisal(), out);
      out.println();
    }
    out.println(
        (style.quiet() ? v.input() + ": " : "")
            + "decision: "
            + style.decision(v.verdict().decision().name())
            + headline(v.verdict().checks(), style.verbose())
            + (v.appraisal().genuine() ? "" : "  (evidence not shown to be genuine)"));
  }

  private static void header(VerificationResult v, PrintWriter out, Style style) {
    out.println("evidence:     " + v.input() + " (" + v.provider() + ")");
    out.println(
        "verified at:  "
            + v.verifiedAt()
            + (WALL_CLOCK.equals(v.clockSource())
                ? "  (the current time: no --at given, so the result can change as collateral expires)"
                : "  (" + v.clockSource() + ")"));
    out.println("collateral:   " + v.collateral());
    out.println("trust anchor: " + v.trustAnchor());
    out.println("nonce:        " + nonce(v.appraisal(), style.verbose()));
    out.println(
        "policy:       "
            + v.policy().name()
            + " v"
            + v.policy().version()
            + " ("
            + v.policy().ref()
            + ", sha256 "
            + (style.verbose() ? v.policy().sha256() : v.policy().sha256().substring(0, 16) + "…")
            + ")");
  }

  /**
   * For a DENY, the one check a reader should look at first: the most basic category that did not
   * pass (input, signatures, chains, bindings, collateral, TCB, then policy), with its reason.
   */
  static String headline(java.util.List<CheckResult> checks) {
    return headline(checks, false);
  }

  static String headline(java.util.List<CheckResult> checks, boolean full) {
    return checks.stream()
        .filter(c -> !c.passed())
        .min(java.util.Comparator.comparingInt(c -> c.category().ordinal()))
        .map(
            c ->
                " — "
                    + (c.category() == dev.teepol.core.verdict.CheckCategory.COLLATERAL
                            && c.outcome() instanceof Outcome.Fail
                        ? "collateral: "
                        : "")
                    + c.id()
                    + ": "
                    + (full ? c.explanation() : shorten(c.explanation())))
        .orElse("");
  }

  private static String shorten(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }

  private static void printEvidence(String component, Appraisal a, PrintWriter out) {
    if (component.isEmpty() && !a.components().isEmpty()) {
      // Composite evidence: the report's own evidence mirrors its primary component, which is
      // printed with the others; show only what the report adds.
      printReportLevel(a, out);
    } else {
      printOne(component, a, out);
    }
    new TreeMap<>(a.components())
        .forEach(
            (name, sub) ->
                printEvidence(component.isEmpty() ? name : component + ":" + name, sub, out));
  }

  private static void printReportLevel(Appraisal a, PrintWriter out) {
    Map<String, String> own = new TreeMap<>();
    a.evidence()
        .bound()
        .forEach(
            (path, b) -> {
              boolean inComponent =
                  a.components().values().stream()
                      .anyMatch(c -> c.evidence().bound().containsKey(path));
              if (!inComponent) {
                own.put(path, b.label());
              }
            });
    out.println();
    out.println(
        "report: "
            + a.evidence().kind()
            + " "
            + a.evidence().subject()
            + ", components "
            + new TreeMap<>(a.components()).keySet());
    own.forEach((path, b) -> out.println("  " + path + "  (" + b + ")"));
  }

  private static void printOne(String component, Appraisal a, PrintWriter out) {
    Evidence e = a.evidence();
    String title = component.isEmpty() ? "" : " [" + component + "]";
    Map<String, String> bound = new TreeMap<>();
    e.bound().forEach((k, v) -> bound.put(k, v.label()));
    out.println();
    out.println("measurements" + title + ":");
    if (e.measurements().isEmpty() && e.reportData().isEmpty()) {
      out.println("  (none decoded)");
    }
    int width = e.measurements().keySet().stream().mapToInt(String::length).max().orElse(0);
    width = Math.max(width, e.reportData().isEmpty() ? 0 : "report_data".length());
    for (Map.Entry<String, String> m : e.measurements().entrySet()) {
      out.println(
          "  "
              + pad(m.getKey(), width)
              + "  "
              + m.getValue()
              + binding(bound, "measurements." + m.getKey()));
    }
    if (!e.reportData().isEmpty()) {
      out.println(
          "  " + pad("report_data", width) + "  " + e.reportData() + binding(bound, "report_data"));
    }
    Tcb tcb = e.platform().tcb();
    out.println();
    out.println("tcb" + title + ":" + binding(bound, "platform.tcb"));
    out.println("  status:     " + (tcb.status().isEmpty() ? "unknown" : tcb.status()));
    out.println(
        "  advisories: "
            + (tcb.advisoryIds().isEmpty() ? "none" : String.join(", ", tcb.advisoryIds())));
    tcb.tcbDate().ifPresent(d -> out.println("  tcb date:   " + d));
    // Dotted components are SPLs per TCB_VERSION (SEV-SNP: reported.bl, current.snp, ...): one
    // line per TCB, in the provider's order.
    Map<String, List<String>> spls = new java.util.LinkedHashMap<>();
    tcb.components()
        .forEach(
            (k, v) -> {
              int dot = k.indexOf('.');
              if (dot > 0) {
                spls.computeIfAbsent(k.substring(0, dot), x -> new ArrayList<>())
                    .add(k.substring(dot + 1) + " " + v);
              }
            });
    for (String which : List.of("reported", "committed", "current", "launch")) {
      List<String> parts = spls.get(which);
      if (parts != null) {
        out.println("  " + pad(which + ":", 11) + " " + String.join(", ", sorted(parts)));
      }
    }
    CollateralInfo c = e.platform().collateral();
    out.println(
        "  collateral: "
            + window(c.issuedAt(), c.nextUpdate())
            + (c.source().isEmpty() ? "" : "  from " + c.source()));
    // The values a policy pins (workload, kms, signers, GPUs, provenance), with how each is bound:
    // printed from the same model the policy sees, so every pinnable value is visible.
    Map<String, Object> model = EvidenceValues.of(a);
    for (String section : PINNABLE) {
      List<String> lines = new ArrayList<>();
      leaves(section, model.get(section), bound, lines);
      if (!lines.isEmpty()) {
        out.println();
        out.println(section + title + ":");
        lines.forEach(l -> out.println("  " + l));
      }
    }
    List<String> selfReported =
        bound.entrySet().stream()
            .filter(x -> x.getValue().equals("self_reported"))
            .map(Map.Entry::getKey)
            .toList();
    if (!selfReported.isEmpty()) {
      out.println();
      out.println(
          "self-reported"
              + title
              + " (stated by the evidence, bound to nothing: never satisfies a pin):");
      selfReported.forEach(pth -> out.println("  " + pth));
    }
  }

  /** Sections of the model that hold pinnable values beyond measurements and TCB. */
  static final List<String> PINNABLE =
      List.of("workload", "kms", "signers", "gpus", "provenance", "confidential_space", "mock");

  /** Every non-empty leaf under {@code path}, as "path value (binding)". */
  private static void leaves(String path, Object v, Map<String, String> bound, List<String> out) {
    if (v instanceof Map<?, ?> m) {
      m.forEach((k, x) -> leaves(path + "." + k, x, bound, out));
    } else if (v instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        leaves(path + "[" + i + "]", l.get(i), bound, out);
      }
    } else if (!(v instanceof String s && s.isEmpty())
        && !Boolean.FALSE.equals(v)
        && !Instant.EPOCH.equals(v)) {
      out.add(path + "  " + v + binding(bound, path));
    }
  }

  /** " (label)" of the most specific bound path that covers {@code path}, or "" when none does. */
  private static String binding(Map<String, String> bound, String path) {
    String best = null;
    for (String k : bound.keySet()) {
      if ((path.equals(k) || path.startsWith(k + ".") || path.startsWith(k + "["))
          && (best == null || k.length() > best.length())) {
        best = k;
      }
    }
    return best == null ? "" : "  (" + bound.get(best) + ")";
  }

  /**
   * The nonce state (NonceInfo): one word when every component agrees, else per component, so a
   * gateway that does not carry the nonce is visible next to a model node that does.
   */
  static String nonce(Appraisal a) {
    return nonce(a, false);
  }

  static String nonce(Appraisal a, boolean full) {
    Map<String, NonceInfo> each = new TreeMap<>();
    each.put("", a.evidence().nonce());
    new TreeMap<>(a.components()).forEach((name, c) -> each.put(name, c.evidence().nonce()));
    java.util.Set<NonceState> states = new java.util.HashSet<>();
    each.values().forEach(n -> states.add(n.state()));
    NonceInfo top = a.evidence().nonce();
    String shown =
        top.expected().isEmpty()
            ? ""
            : " (" + (full ? top.expected() : Hex.abbreviate(top.expected())) + ")";
    if (states.size() == 1) {
      NonceState s = top.state();
      return s.label()
          + shown
          + (s == NonceState.NOT_SUPPLIED ? "  (no --nonce: freshness is not established)" : "");
    }
    StringBuilder b = new StringBuilder();
    each.forEach(
        (name, n) ->
            b.append(b.length() == 0 ? "" : ", ")
                .append(name.isEmpty() ? "report" : name)
                .append(' ')
                .append(n.state().label()));
    return b + shown;
  }

  private static String window(Optional<Instant> from, Optional<Instant> to) {
    if (from.isEmpty() && to.isEmpty()) {
      return "none";
    }
    return from.map(Instant::toString).orElse("?") + " .. " + to.map(Instant::toString).orElse("?");
  }

  /** {@code s} padded with spaces to {@code width} characters. */
  public static String padded(String s, int width) {
    return pad(s, width);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  /** SPLs in TCB_VERSION order (fmc, bl, tee, snp, ucode), whatever order the map kept. */
  private static List<String> sorted(List<String> parts) {
    List<String> order = List.of("fmc", "bl", "tee", "snp", "ucode");
    return parts.stream()
        .sorted(
            java.util.Comparator.comparingInt(
                p -> {
                  int i = order.indexOf(p.substring(0, p.indexOf(' ')));
                  return i < 0 ? order.size() : i;
                }))
        .toList();
  }
}
