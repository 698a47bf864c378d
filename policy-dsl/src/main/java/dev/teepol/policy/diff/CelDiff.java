package dev.teepol.policy.diff;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelSource;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.parser.CelUnparser;
import dev.cel.parser.CelUnparserFactory;
import dev.teepol.policy.compile.PolicyEnvironment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what it can about two CEL conditions that must hold for evidence to pass: identical after
 * normalization (whitespace, quotes, parentheses, conjunct order), a conjunction that only gained
 * or lost conditions, a literal list whose members changed, a comparison against a literal that
 * moved. Anything else is {@link Effect#UNDECIDED}: the diff never guesses EQUAL.
 */
final class CelDiff {
  private static final CelUnparser UNPARSER = CelUnparserFactory.newUnparser();

  /**
   * An expression parsed once, with the source its canonical spelling is printed from; spellings
   * are memoized in {@code spellings}, shared by every sub-expression of one comparison run.
   */
  record Expr(CelExpr expr, CelSource source, Map<CelExpr, String> spellings) {
    String canonical() {
      return spellings.computeIfAbsent(
          expr, e -> UNPARSER.unparse(CelAbstractSyntaxTree.newParsedAst(e, source)));
    }

    Expr sub(CelExpr e) {
      return new Expr(e, source, spellings);
    }

    boolean isCall(String fn, int args) {
      return expr.getKind() == CelExpr.ExprKind.Kind.CALL
          && expr.call().function().equals(fn)
          && expr.call().target().isEmpty()
          && expr.call().args().size() == args;
    }

    Expr arg(int i) {
      return sub(expr.call().args().get(i));
    }
  }

  /** The result of a comparison, with the reasons a reviewer needs. */
  record Verdict(Effect effect, List<String> details) {}

  /**
   * Parsing is the expensive part (hundreds of microseconds per expression with the policy
   * environment's macros), so one instance parses each distinct text once: a policy whose rules
   * share an expression, or whose old and new rules do, is parsed once per text.
   */
  private final Map<String, Optional<Expr>> parsed = new HashMap<>();

  private final Map<CelExpr, String> spellings = new IdentityHashMap<>();

  /** A comparison run with its own caches (not thread-safe; one per diff). */
  CelDiff() {}

  /** Parses {@code text}, or empty when it does not parse (then nothing can be decided). */
  Optional<Expr> parsed(String text) {
    return parsed.computeIfAbsent(text, this::parseUncached);
  }

  private Optional<Expr> parseUncached(String text) {
    try {
      CelValidationResult r = PolicyEnvironment.cel().parse(text);
      if (r.hasError()) {
        return Optional.empty();
      }
      CelAbstractSyntaxTree ast = r.getAst();
      return Optional.of(new Expr(ast.getExpr(), ast.getSource(), spellings));
    } catch (CelValidationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Parses {@code text} with a throwaway cache. */
  static Optional<Expr> parse(String text) {
    return new CelDiff().parsed(text);
  }

  /** The normalized spelling used to tell "the same expression" from "a different one". */
  String normalized(String text) {
    return parsed(text).map(CelDiff::canonicalConjunction).orElse(text.strip());
  }

  /** As {@link #normalized}, with a throwaway cache. */
  static String canonical(String text) {
    return new CelDiff().normalized(text);
  }

  /** Conjuncts sorted, so {@code a && b} and {@code b && a} are the same condition. */
  private static String canonicalConjunction(Expr e) {
    return String.join(" && ", new java.util.TreeSet<>(conjuncts(e)));
  }

  /** As {@link #comparison}, with a throwaway cache. */
  static Verdict compare(String before, String after) {
    return new CelDiff().comparison(before, after);
  }

  /** What changing the condition {@code before} into {@code after} does to accepted evidence. */
  Verdict comparison(String before, String after) {
    Optional<Expr> a = parsed(before);
    Optional<Expr> b = parsed(after);
    if (a.isEmpty() || b.isEmpty()) {
      return undecided(before, after);
    }
    return compare(a.get(), b.get());
  }

  private static Verdict compare(Expr a, Expr b) {
    if (a.canonical().equals(b.canonical())) {
      return new Verdict(Effect.EQUAL, List.of());
    }
    Set<String> ca = conjuncts(a);
    Set<String> cb = conjuncts(b);
    if (ca.size() > 1 || cb.size() > 1) {
      return combined(a, b, ca, cb, "&&", Effect.NARROWS, Effect.WIDENS);
    }
    Set<String> da = disjuncts(a);
    Set<String> db = disjuncts(b);
    if (da.size() > 1 || db.size() > 1) {
      // More alternatives accept more: the roles of added and removed are swapped.
      return combined(a, b, da, db, "||", Effect.WIDENS, Effect.NARROWS);
    }
    if (a.isCall("!_", 1) && b.isCall("!_", 1)) {
      Verdict inner = compare(a.arg(0), b.arg(0));
      return new Verdict(invert(inner.effect()), inner.details());
    }
    Optional<Verdict> membership = membership(a, b);
    if (membership.isPresent()) {
      return membership.get();
    }
    return threshold(a, b).orElseGet(() -> undecided(a.canonical(), b.canonical()));
  }

  /**
   * Two conjunctions (or disjunctions): gained terms are {@code gained}, lost terms {@code lost};
   * when exactly one term differs on each side, that pair is compared on its own.
   */
  private static Verdict combined(
      Expr a, Expr b, Set<String> ta, Set<String> tb, String op, Effect gained, Effect lost) {
    Set<String> added = new LinkedHashSet<>(tb);
    added.removeAll(ta);
    Set<String> removed = new LinkedHashSet<>(ta);
    removed.removeAll(tb);
    List<String> details = new ArrayList<>();
    added.forEach(
        t ->
            details.add(
                "adds the condition `" + t + "`" + (op.equals("||") ? " as an alternative" : "")));
    removed.forEach(
        t ->
            details.add(
                "drops the condition `" + t + "`" + (op.equals("||") ? " as an alternative" : "")));
    if (added.isEmpty() && removed.isEmpty()) {
      return new Verdict(Effect.EQUAL, List.of("the same conditions in another order"));
    }
    if (removed.isEmpty()) {
      return new Verdict(gained, details);
    }
    if (added.isEmpty()) {
      return new Verdict(lost, details);
    }
    if (added.size() == 1 && removed.size() == 1) {
      Expr x = term(a, op, removed.iterator().next());
      Expr y = term(b, op, added.iterator().next());
      if (x != null && y != null) {
        Verdict inner = compare(x, y);
        if (inner.effect() != Effect.UNDECIDED) {
          // Inside a disjunction the inner change has the same direction (one alternative grew).
          return inner;
        }
      }
    }
    return undecided(a.canonical(), b.canonical());
  }

  private static Expr term(Expr e, String op, String canonical) {
    for (Expr t : terms(e, op.equals("&&") ? "_&&_" : "_||_")) {
      if (t.canonical().equals(canonical)) {
        return t;
      }
    }
    return null;
  }

  /** {@code x in [literals]} on both sides with the same {@code x}: members added or removed. */
  private static Optional<Verdict> membership(Expr a, Expr b) {
    if (!a.isCall("@in", 2) || !b.isCall("@in", 2)) {
      return Optional.empty();
    }
    if (!a.arg(0).canonical().equals(b.arg(0).canonical())) {
      return Optional.empty();
    }
    Optional<List<String>> la = literalList(a.arg(1));
    Optional<List<String>> lb = literalList(b.arg(1));
    if (la.isEmpty() || lb.isEmpty()) {
      return Optional.empty();
    }
    Set<String> added = new LinkedHashSet<>(lb.get());
    la.get().forEach(added::remove);
    Set<String> removed = new LinkedHashSet<>(la.get());
    lb.get().forEach(removed::remove);
    List<String> details = new ArrayList<>();
    String subject = a.arg(0).canonical();
    if (!added.isEmpty()) {
      details.add("`" + subject + "` may now also be " + String.join(", ", added));
    }
    if (!removed.isEmpty()) {
      details.add("`" + subject + "` may no longer be " + String.join(", ", removed));
    }
    return Optional.of(new Verdict(Effect.ofSet(!added.isEmpty(), !removed.isEmpty()), details));
  }

  private static Optional<List<String>> literalList(Expr e) {
    if (e.expr().getKind() != CelExpr.ExprKind.Kind.LIST) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (CelExpr item : e.expr().list().elements()) {
      if (item.getKind() != CelExpr.ExprKind.Kind.CONSTANT) {
        return Optional.empty();
      }
      out.add(e.sub(item).canonical());
    }
    return Optional.of(out);
  }

  /** A bound: {@code subject op literal}, normalized so the subject is on the left. */
  private record Bound(String subject, String op, Comparable<Object> value, String literal) {}

  private static Optional<Verdict> threshold(Expr a, Expr b) {
    Optional<Bound> x = bound(a);
    Optional<Bound> y = bound(b);
    if (x.isEmpty() || y.isEmpty() || !x.get().subject().equals(y.get().subject())) {
      return Optional.empty();
    }
    Bound p = x.get();
    Bound q = y.get();
    if (p.value().getClass() != q.value().getClass()) {
      return Optional.empty();
    }
    String move =
        "`"
            + p.subject()
            + " "
            + p.op()
            + " "
            + p.literal()
            + "` became `"
            + q.subject()
            + " "
            + q.op()
            + " "
            + q.literal()
            + "`";
    boolean lower = p.op().startsWith(">") && q.op().startsWith(">");
    boolean upper = p.op().startsWith("<") && q.op().startsWith("<");
    if (lower || upper) {
      int c = q.value().compareTo(p.value());
      if (c == 0) {
        c =
            p.op().length() == q.op().length()
                ? 0
                : (q.op().length() == 2 ? (lower ? -1 : 1) : (lower ? 1 : -1));
      }
      // A lower bound that moves down, or an upper bound that moves up, accepts more.
      Effect e = c == 0 ? Effect.EQUAL : ((c < 0) == lower ? Effect.WIDENS : Effect.NARROWS);
      return Optional.of(new Verdict(e, List.of(move)));
    }
    if (p.op().equals(q.op()) && (p.op().equals("==") || p.op().equals("!="))) {
      return Optional.of(
          new Verdict(p.value().equals(q.value()) ? Effect.EQUAL : Effect.CHANGES, List.of(move)));
    }
    return Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static Optional<Bound> bound(Expr e) {
    for (String[] op :
        new String[][] {
          {"_>=_", ">=", "<="},
          {"_>_", ">", "<"},
          {"_<=_", "<=", ">="},
          {"_<_", "<", ">"},
          {"_==_", "==", "=="},
          {"_!=_", "!=", "!="}
        }) {
      if (!e.isCall(op[0], 2)) {
        continue;
      }
      Optional<Comparable<?>> right = literal(e.expr().call().args().get(1));
      if (right.isPresent()) {
        return Optional.of(
            new Bound(
                e.arg(0).canonical(),
                op[1],
                (Comparable<Object>) right.get(),
                e.arg(1).canonical()));
      }
      Optional<Comparable<?>> left = literal(e.expr().call().args().get(0));
      if (left.isPresent()) {
        return Optional.of(
            new Bound(
                e.arg(1).canonical(),
                op[2],
                (Comparable<Object>) left.get(),
                e.arg(0).canonical()));
      }
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<Comparable<?>> literal(CelExpr e) {
    if (e.getKind() != CelExpr.ExprKind.Kind.CONSTANT) {
      return Optional.empty();
    }
    CelConstant c = e.constant();
    return switch (c.getKind()) {
      case INT64_VALUE -> Optional.of((double) c.int64Value());
      case UINT64_VALUE -> Optional.of(c.uint64Value().doubleValue());
      case DOUBLE_VALUE -> Optional.of(c.doubleValue());
      case STRING_VALUE -> Optional.of(c.stringValue());
      default -> Optional.empty();
    };
  }

  private static Set<String> conjuncts(Expr e) {
    Set<String> out = new LinkedHashSet<>();
    terms(e, "_&&_").forEach(t -> out.add(t.canonical()));
    return out;
  }

  private static Set<String> disjuncts(Expr e) {
    Set<String> out = new LinkedHashSet<>();
    terms(e, "_||_").forEach(t -> out.add(t.canonical()));
    return out;
  }

  /** The operands of a chain of one logical operator, flattened. */
  private static List<Expr> terms(Expr e, String fn) {
    List<Expr> out = new ArrayList<>();
    if (e.expr().getKind() == CelExpr.ExprKind.Kind.CALL && e.expr().call().function().equals(fn)) {
      for (CelExpr arg : e.expr().call().args()) {
        out.addAll(terms(e.sub(arg), fn));
      }
    } else {
      out.add(e);
    }
    return out;
  }

  private static Effect invert(Effect e) {
    return switch (e) {
      case WIDENS -> Effect.NARROWS;
      case NARROWS -> Effect.WIDENS;
      default -> e;
    };
  }

  private static Verdict undecided(String a, String b) {
    return new Verdict(
        Effect.UNDECIDED,
        List.of("cannot decide: `" + a + "` became `" + b + "`; read it and decide"));
  }
}
