package dev.teepol.policy.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.CollateralInfo;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.Platform;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.core.evidence.TdAttributes;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.Decision;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.eval.PolicyEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The diff agrees with the engine: for random pairs of policies over a small world (TEE claims, TCB
 * statuses, measurement bundles over two registers and three values), every evidence of that world
 * is judged by both versions through PolicyEngine. A diff with no widening change must never meet
 * evidence the new version allows and the old one denied, and one with no narrowing change never
 * the reverse.
 */
class DiffSoundnessTest {
  static final List<String> VALUES = List.of("a", "b", "c");
  static final List<String> TEES = List.of("tdx", "sgx");
  static final List<String> STATUSES = List.of("UpToDate", "SWHardeningNeeded", "OutOfDate");
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  record Spec(List<String> tees, List<String> allow, List<List<String>> bundles) {
    String yaml() {
      StringBuilder b =
          new StringBuilder(
              "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: p}\nspec:\n");
      if (!tees.isEmpty()) {
        b.append("  substrate: {tee: ").append(tees).append("}\n");
      }
      b.append("  tcb: {allow: ").append(allow).append(", expires: 2027-01-01}\n");
      if (!bundles.isEmpty()) {
        b.append("  measurements:\n    bundles:\n");
        for (int i = 0; i < bundles.size(); i++) {
          b.append("      - name: b").append(i).append('\n');
          List<String> regs = bundles.get(i);
          if (!regs.get(0).isEmpty()) {
            b.append("        mrtd: ").append(reg(regs.get(0))).append('\n');
          }
          if (!regs.get(1).isEmpty()) {
            b.append("        rtmr0: ").append(reg(regs.get(1))).append('\n');
          }
        }
      }
      return b.toString();
    }
  }

  static String reg(String v) {
    return v.repeat(96);
  }

  @Provide
  Arbitrary<Spec> specs() {
    Arbitrary<List<String>> tees = Arbitraries.of(TEES).list().uniqueElements().ofMaxSize(2);
    Arbitrary<List<String>> allow =
        Arbitraries.of(STATUSES).list().uniqueElements().ofMinSize(1).ofMaxSize(3);
    Arbitrary<String> pin = Arbitraries.of("", "a", "b", "c");
    Arbitrary<List<String>> bundle =
        Combinators.combine(pin, pin)
            .as(List::of)
            .filter(l -> !l.get(0).isEmpty() || !l.get(1).isEmpty());
    Arbitrary<List<List<String>>> bundles = bundle.list().ofMaxSize(3);
    return Combinators.combine(tees, allow, bundles).as(Spec::new);
  }

  static List<Appraisal> world() {
    List<Appraisal> out = new ArrayList<>();
    for (String tee : TEES) {
      for (String status : STATUSES) {
        for (String mrtd : VALUES) {
          for (String rtmr0 : VALUES) {
            Evidence e =
                Evidence.builder("test", "s")
                    .platform(
                        new Platform(
                            tee,
                            "intel",
                            false,
                            new Tcb(status, List.of(), Optional.empty(), 1, Map.of()),
                            CollateralInfo.NONE,
                            new TdAttributes(true, false, false, false)))
                    .measurements(Map.of("mrtd", reg(mrtd), "rtmr0", reg(rtmr0)))
                    .bound(
                        Map.of(
                            "measurements.mrtd",
                            Binding.HARDWARE,
                            "measurements.rtmr0",
                            Binding.HARDWARE))
                    .build();
            out.add(new Appraisal(e, List.of()));
          }
        }
      }
    }
    return out;
  }

  private static final List<Appraisal> WORLD = world();

  @Property(tries = 300)
  void theDiffNeverHidesAVerdictThatMoves(@ForAll("specs") Spec x, @ForAll("specs") Spec y)
      throws Exception {
    CompiledPolicy a = PolicyCompiler.compile(x.yaml(), "old.yaml");
    CompiledPolicy b = PolicyCompiler.compile(y.yaml(), "new.yaml");
    PolicyDiff d = PolicyDiffer.diff("p.yaml", a.policy(), b.policy());
    boolean mayWiden = d.changes().stream().anyMatch(c -> c.effect().mayWiden());
    boolean mayNarrow =
        d.changes().stream()
            .anyMatch(
                c ->
                    c.effect() == Effect.NARROWS
                        || c.effect() == Effect.CHANGES
                        || c.effect() == Effect.UNDECIDED);
    for (Appraisal e : WORLD) {
      Decision before = PolicyEngine.evaluate(a, e, NOW).decision();
      Decision after = PolicyEngine.evaluate(b, e, NOW).decision();
      if (before == Decision.DENY && after == Decision.ALLOW) {
        assertThat(mayWiden)
            .as(
                "%s\n→\n%s\nlets in %s but the diff says %s",
                x.yaml(), y.yaml(), e.evidence(), d.changes())
            .isTrue();
      }
      if (before == Decision.ALLOW && after == Decision.DENY) {
        assertThat(mayNarrow)
            .as(
                "%s\n→\n%s\nshuts out %s but the diff says %s",
                x.yaml(), y.yaml(), e.evidence(), d.changes())
            .isTrue();
      }
    }
  }
}
