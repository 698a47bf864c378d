package dev.teepol.cli.report;

import dev.teepol.verifier.VerificationResult;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.CollateralInfo;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.evidence.NonceState;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The report a person reads: every check, the measurements, the TCB and the decision. */
public final class TextReport {
  private TextReport() {}

  /** How reports name the wall clock (the CLI's, read once when no --at is given). */
  public static final String WALL_CLOCK = "wall clock";

  public static void print(VerificationResult v, PrintWriter out) {
    out.println("evidence:     " + v.input() + " (" + v.provider() + ")");
    out.println("verified at:  " + v.verifiedAt() + (WALL_CLOCK.equals(v.clockSource())
        ? "  (the current time: no --at given, so the result can change as collateral expires)"
        : "  (" + v.clockSource() + ")"));
    out.println("collateral:   " + v.collateral());
    out.println("trust anchor: " + v.trustAnchor());
    out.println("nonce:        " + nonce(v.appraisal()));
    out.println("policy:       " + v.policy().name() + " v" + v.policy().version() + " (" + v.policy().ref()
        + ", sha256 " + v.policy().sha256().substring(0, 16) + "…)");
    out.println();
    out.println("checks:");
    int width = v.verdict().checks().stream().mapToInt(c -> c.id().length()).max().orElse(0);
    for (CheckResult c : v.verdict().checks()) {
      String why = c.explanation();
      // A policy check names the line of the policy that made it, so a DENY leads straight to the rule.
      out.println("  " + symbol(c.outcome()) + " " + pad(c.id(), width) + (why.isEmpty() ? "" : "  " + why)
          + (c.source().isEmpty() ? "" : "  [" + c.source() + "]"));
    }
    if (!v.verdict().outputs().isEmpty()) {
      out.println();
      out.println("outputs:");
      v.verdict().outputs().forEach((k, x) -> out.println("  " + k + ": " + x));
    }
    printEvidence("", v.appraisal(), out);
    out.println();
    out.println("decision: " + v.verdict().decision() + (v.appraisal().genuine() ? "" : "  (evidence not shown to be genuine)"));
  }

  private static void printEvidence(String component, Appraisal a, PrintWriter out) {
    Evidence e = a.evidence();
    String title = component.isEmpty() ? "" : " [" + component + "]";
    out.println();
    out.println("measurements" + title + ":");
    if (e.measurements().isEmpty() && e.reportData().isEmpty()) {
      out.println("  (none decoded)");
    }
    int width = e.measurements().keySet().stream().mapToInt(String::length).max().orElse(0);
    width = Math.max(width, e.reportData().isEmpty() ? 0 : "report_data".length());
    for (Map.Entry<String, String> m : e.measurements().entrySet()) {
      out.println("  " + pad(m.getKey(), width) + "  " + m.getValue());
    }
    if (!e.reportData().isEmpty()) {
      out.println("  " + pad("report_data", width) + "  " + e.reportData());
    }
    Tcb tcb = e.platform().tcb();
    out.println();
    out.println("tcb" + title + ":");
    out.println("  status:     " + (tcb.status().isEmpty() ? "unknown" : tcb.status()));
    out.println("  advisories: " + (tcb.advisoryIds().isEmpty() ? "none" : String.join(", ", tcb.advisoryIds())));
    tcb.tcbDate().ifPresent(d -> out.println("  tcb date:   " + d));
    CollateralInfo c = e.platform().collateral();
    out.println("  collateral: " + window(c.issuedAt(), c.nextUpdate())
        + (c.source().isEmpty() ? "" : "  from " + c.source()));
    new TreeMap<>(a.components()).forEach((name, sub) ->
        printEvidence(component.isEmpty() ? name : component + ":" + name, sub, out));
  }

  /**
   * The nonce state (NonceInfo): one word when every component agrees, else per component, so a
   * gateway that does not carry the nonce is visible next to a model node that does.
   */
  static String nonce(Appraisal a) {
    Map<String, NonceInfo> each = new TreeMap<>();
    each.put("", a.evidence().nonce());
    new TreeMap<>(a.components()).forEach((name, c) -> each.put(name, c.evidence().nonce()));
    java.util.Set<NonceState> states = new java.util.HashSet<>();
    each.values().forEach(n -> states.add(n.state()));
    NonceInfo top = a.evidence().nonce();
    String shown = top.expected().isEmpty() ? "" : " (" + Hex.abbreviate(top.expected()) + ")";
    if (states.size() == 1) {
      NonceState s = top.state();
      return s.label() + shown + (s == NonceState.NOT_SUPPLIED ? "  (no --nonce: freshness is not established)" : "");
    }
    StringBuilder b = new StringBuilder();
    each.forEach((name, n) -> b.append(b.length() == 0 ? "" : ", ").append(name.isEmpty() ? "report" : name).append(' ')
        .append(n.state().label()));
    return b + shown;
  }

  private static String window(Optional<Instant> from, Optional<Instant> to) {
    if (from.isEmpty() && to.isEmpty()) {
      return "none";
    }
    return from.map(Instant::toString).orElse("?") + " .. " + to.map(Instant::toString).orElse("?");
  }

  public static char symbol(Outcome o) {
    if (o instanceof Outcome.Pass) {
      return '✓';
    }
    return o instanceof Outcome.Fail ? '✗' : '?';
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
