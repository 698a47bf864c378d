package dev.teepol.bench;

import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.diff.PolicyDiff;
import dev.teepol.policy.diff.PolicyDiffer;
import dev.teepol.policy.model.Policy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code teepol diff} cost once both versions are compiled: a typical review (a policy of 2 bundles
 * and 3 rules gaining a bundle, an allowance and a tighter rule) and a large one (50 bundles and 50
 * rules, every rule's threshold moved, bundles reordered, one bundle added). Compiling the two
 * versions is measured by PolicyBenchmark.compileFiftyRules.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyDiffBenchmark {
  private Policy typicalBefore;
  private Policy typicalAfter;
  private Policy largeBefore;
  private Policy largeAfter;

  @Setup
  public void setup() throws PolicyCompileException {
    typicalBefore = compile(policy(2, 3, false, 2));
    typicalAfter =
        compile(
            policy(3, 3, false, 3).replace("allow: [UpToDate]", "allow: [UpToDate, OutOfDate]"));
    largeBefore = compile(policy(50, 50, false, 2));
    largeAfter = compile(policy(51, 50, true, 1));
    PolicyDiff d = PolicyDiffer.diff("large.yaml", largeBefore, largeAfter);
    if (d.changes().size() != 51 + 1) {
      throw new IllegalStateException(
          "expected 52 changes, got " + d.changes().size() + ": " + d.changes());
    }
  }

  private static Policy compile(String text) throws PolicyCompileException {
    return PolicyCompiler.compile(text, "bench-diff.yaml").policy();
  }

  /** {@code bundles} bundles (reversed when {@code reorder}) and {@code rules} threshold rules. */
  static String policy(int bundles, int rules, boolean reorder, int threshold) {
    StringBuilder b =
        new StringBuilder(
            "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: bench}\nspec:\n"
                + "  substrate: {tee: [tdx]}\n  tcb:\n    allow: [UpToDate]\n    expires: 2027-01-01\n"
                + "  measurements:\n    bundles:\n");
    for (int k = 0; k < bundles; k++) {
      int i = reorder ? bundles - 1 - k : k;
      b.append("      - name: b")
          .append(i)
          .append('\n')
          .append("        mrtd: ")
          .append(hex(i, 'a'))
          .append('\n')
          .append("        rtmr0: ")
          .append(hex(i, 'b'))
          .append('\n')
          .append("        rtmr1: ")
          .append(hex(i, 'c'))
          .append('\n');
    }
    b.append("  rules:\n");
    for (int i = 0; i < rules; i++) {
      b.append("    - name: r")
          .append(i)
          .append('\n')
          .append("      expression: \"size(evidence.gpus) >= ")
          .append(threshold)
          .append(" && evidence.platform.tee in ['tdx', 'sgx']\"\n");
    }
    return b.toString();
  }

  private static String hex(int i, char fill) {
    String n = Integer.toHexString(i);
    return String.valueOf(fill).repeat(96 - n.length()) + n;
  }

  @Benchmark
  public PolicyDiff diffTypical() {
    return PolicyDiffer.diff("typical.yaml", typicalBefore, typicalAfter);
  }

  @Benchmark
  public PolicyDiff diffLarge() {
    return PolicyDiffer.diff("large.yaml", largeBefore, largeAfter);
  }
}
