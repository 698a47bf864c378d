package dev.teepol.policy.diff;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelSource;
import dev.cel.common.ast.CelExpr;
import dev.cel.parser.CelUnparser;
import dev.cel.parser.CelUnparserFactory;
import dev.teepol.policy.compile.GeneratedCheck;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.model.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fail-closed net under the section rules: compares the checks both versions generate (check id
 * → normalized CEL of its precondition and condition; rules by their expressions, outputs by name)
 * and reports every check that differs without a non-equal change of a section that generates it as
 * "cannot decide". A key whose rule is missing, or a rule that misses part of a change, thus shows
 * up as something to read, never as EQUAL.
 *
 * <p>Normalization only merges spellings CEL gives the same meaning: operands of {@code &&} and
 * {@code ||} in any order (CEL's logical operators are commutative, errors included) and the
 * members of a literal list on the right of {@code in} in any order or repeated.
 */
final class CheckGuard {
  private static final CelUnparser UNPARSER = CelUnparserFactory.newUnparser();

  /** Details show this much of each version of a check; the file has the rest. */
  private static final int SHOWN = 240;

  private CheckGuard() {}

  /** Adds an undecided change for each generated check that differs and no change explains. */
  static void check(Policy a, Policy b, List<Change> reported, Diffs out) {
    CelDiff cel = new CelDiff();
    Map<String, String> x = forms(a, cel);
    Map<String, String> y = forms(b, cel);
    Set<String> ids = new LinkedHashSet<>(x.keySet());
    ids.addAll(y.keySet());
    for (String id : ids) {
      String before = x.get(id);
      String after = y.get(id);
      if (before != null && before.equals(after)) {
        continue;
      }
      List<String> sections = sections(id);
      boolean explained =
          reported.stream()
              .filter(c -> c.effect() != Effect.EQUAL)
              .anyMatch(c -> sections.stream().anyMatch(s -> covers(s, c.key())));
      if (explained) {
        continue;
      }
      out.add(
          key(sections),
          Effect.UNDECIDED,
          id
              + " accepts other evidence than before, and no diff rule classified the change:"
              + " read it (fail closed)",
          List.of("before: " + shown(before), "after: " + shown(after)),
          b.spec().pos());
    }
  }

  /** The key a guard change is filed under: the one section, or the section they share. */
  private static String key(List<String> sections) {
    if (sections.isEmpty()) {
      return "policy";
    }
    if (sections.size() == 1) {
      return sections.get(0);
    }
    String top = sections.get(0).split("\\.")[0];
    return sections.stream().allMatch(s -> s.split("\\.")[0].equals(top)) ? top : "policy";
  }

  private static boolean covers(String section, String key) {
    return key.equals(section) || key.startsWith(section + ".");
  }

  private static String shown(String form) {
    if (form == null) {
      return "(not generated)";
    }
    return form.length() <= SHOWN ? form : form.substring(0, SHOWN) + "…";
  }

  /**
   * The policy keys whose changes can change a check: a non-equal change to one of them explains a
   * difference in the check. A check id not listed here is explained by nothing, so a new kind of
   * check is "cannot decide" until it is listed.
   */
  static List<String> sections(String id) {
    if (id.startsWith("policy.workload.")) {
      return List.of("workload");
    }
    return switch (id) {
      case "rules" -> List.of("rules");
      case "outputs" -> List.of("outputs");
      case "policy.substrate.tee" -> List.of("substrate.tee");
      case "policy.substrate.gpu" -> List.of("substrate.gpu");
      case "policy.platform.not_debug" -> List.of("substrate.allowDebug");
      case "policy.platform.td_attributes" -> List.of("substrate.allowMissingTdAttributes");
      case "policy.platform.weak_digests" -> List.of("substrate.allowWeakDigests");
      case "policy.mock.key" -> List.of("substrate.allowPublishedMockKeys", "substrate.tee");
      case "policy.platform.snp_policy" -> List.of("substrate.snp.guestPolicy", "substrate.tee");
      case "policy.snp.vmpl" -> List.of("substrate.snp.vmpl");
      case "policy.snp.guest_svn" -> List.of("substrate.snp.minGuestSvn");
      case "policy.snp.id_key_digest" -> List.of("substrate.snp.idKeyDigests");
      case "policy.snp.author_key_digest" -> List.of("substrate.snp.authorKeyDigests");
      case "policy.platform.mr_servicetd", "policy.measurements.bundle" -> List.of("measurements");
      case "policy.tcb.status" ->
          List.of("tcb.allow", "tcb.expires", "tcb.outOfDateGrace", "tcb.appliesTo");
      case "policy.tcb.advisories" ->
          List.of("tcb.allowAdvisories", "tcb.expires", "tcb.appliesTo");
      case "policy.tcb.collateral_age" -> List.of("tcb.maxCollateralAge", "tcb.appliesTo");
      case "policy.tcb.minimum" -> List.of("tcb.minimum");
      case "policy.tcb.eval_data_number" -> List.of("tcb.minEvaluationDataNumber");
      case "policy.kms.root" -> List.of("kms");
      case "policy.signers.allowed" -> List.of("signers");
      case "policy.freshness.nonce" -> List.of("freshness");
      default -> List.of();
    };
  }

  /**
   * Check id → normalized form. Rules are one entry, the sorted multiset of their expressions (a
   * renamed rule is the same condition), and outputs one entry, name → expression.
   */
  private static Map<String, String> forms(Policy p, CelDiff cel) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> rules = new ArrayList<>();
    for (GeneratedCheck c : PolicyCompiler.generatedChecks(p)) {
      String form =
          c.precondition().map(pre -> "if " + normalized(pre, cel) + " then ").orElse("")
              + normalized(c.condition(), cel);
      if (c.id().startsWith("policy.rule.")) {
        rules.add(form);
      } else {
        out.merge(c.id(), form, (m, n) -> m + " ; " + n);
      }
    }
    rules.sort(null);
    if (!rules.isEmpty()) {
      out.put("rules", String.join(" ; ", rules));
    }
    Map<String, String> outputs = new TreeMap<>();
    p.spec().outputs().forEach(o -> outputs.put(o.name(), normalized(o.expression().text(), cel)));
    if (!outputs.isEmpty()) {
      out.put("outputs", outputs.toString());
    }
    return out;
  }

  /**
   * A spelling equal for equal meanings (within the rules above); the text if it does not parse.
   */
  static String normalized(String text, CelDiff cel) {
    return cel.parsed(text).map(e -> print(e.expr(), e.source())).orElse("<" + text.strip() + ">");
  }

  private static String print(CelExpr e, CelSource source) {
    return switch (e.getKind()) {
      case CONSTANT -> UNPARSER.unparse(CelAbstractSyntaxTree.newParsedAst(e, source));
      case IDENT -> e.ident().name();
      case SELECT ->
          (e.select().testOnly() ? "has(" : "(")
              + print(e.select().operand(), source)
              + ")."
              + e.select().field();
      case CALL -> call(e, source);
      case LIST -> list(e.list().elements(), e.list().optionalIndices(), source, false);
      case MAP -> {
        List<String> entries = new ArrayList<>();
        for (var entry : e.map().entries()) {
          entries.add(
              (entry.optionalEntry() ? "?" : "")
                  + print(entry.key(), source)
                  + ": "
                  + print(entry.value(), source));
        }
        yield "{" + String.join(", ", entries) + "}";
      }
      case STRUCT -> {
        List<String> entries = new ArrayList<>();
        for (var entry : e.struct().entries()) {
          entries.add(
              (entry.optionalEntry() ? "?" : "")
                  + entry.fieldKey()
                  + ": "
                  + print(entry.value(), source));
        }
        yield e.struct().messageName() + "{" + String.join(", ", entries) + "}";
      }
      case COMPREHENSION -> {
        var c = e.comprehension();
        yield "fold("
            + c.iterVar()
            + " in "
            + print(c.iterRange(), source)
            + "; "
            + c.accuVar()
            + " = "
            + print(c.accuInit(), source)
            + "; while "
            + print(c.loopCondition(), source)
            + "; step "
            + print(c.loopStep(), source)
            + "; result "
            + print(c.result(), source)
            + ")";
      }
      default -> "<" + e + ">";
    };
  }

  private static String call(CelExpr e, CelSource source) {
    var c = e.call();
    String fn = c.function();
    if ((fn.equals("_&&_") || fn.equals("_||_")) && c.target().isEmpty()) {
      Set<String> operands = new TreeSet<>();
      flatten(e, fn, source, operands);
      return "(" + String.join(fn.equals("_&&_") ? " && " : " || ", operands) + ")";
    }
    List<String> args = new ArrayList<>();
    for (int i = 0; i < c.args().size(); i++) {
      CelExpr arg = c.args().get(i);
      boolean membersOf = fn.equals("@in") && i == 1 && arg.getKind() == CelExpr.ExprKind.Kind.LIST;
      args.add(
          membersOf && arg.list().optionalIndices().isEmpty()
              ? list(arg.list().elements(), List.of(), source, true)
              : print(arg, source));
    }
    return c.target().map(t -> print(t, source) + ".").orElse("")
        + fn
        + "("
        + String.join(", ", args)
        + ")";
  }

  private static void flatten(CelExpr e, String fn, CelSource source, Set<String> out) {
    if (e.getKind() == CelExpr.ExprKind.Kind.CALL
        && e.call().function().equals(fn)
        && e.call().target().isEmpty()) {
      for (CelExpr arg : e.call().args()) {
        flatten(arg, fn, source, out);
      }
    } else {
      out.add(print(e, source));
    }
  }

  private static String list(
      List<CelExpr> elements, List<Integer> optional, CelSource source, boolean asSet) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      items.add((optional.contains(i) ? "?" : "") + print(elements.get(i), source));
    }
    if (asSet) {
      return new TreeSet<>(items).toString();
    }
    return items.toString();
  }
}
