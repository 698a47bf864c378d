package dev.teepol.policy.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.policy.compile.Diagnostic;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every key the policy reader accepts has a diff rule. The reader's keys are learned by feeding it
 * an unknown key in each mapping and reading its "allowed:" list, so a key added to the reader (a
 * new section, a SEV-SNP or TPM key) fails here until {@link SectionRule} classifies it.
 */
class SectionRuleCoverageTest {
  private static final Pattern ALLOWED = Pattern.compile("\\(allowed: \\[([^]]*)]\\)");

  static Set<String> readerKeys(String policy) {
    try {
      PolicyCompiler.compile(policy, "probe.yaml");
    } catch (PolicyCompileException e) {
      for (Diagnostic d : e.errors()) {
        Matcher m = ALLOWED.matcher(d.message());
        if (d.message().startsWith("unknown key 'zzz'") && m.find()) {
          return Arrays.stream(m.group(1).split(",\\s*"))
              .collect(Collectors.toCollection(TreeSet::new));
        }
      }
      throw new AssertionError("no unknown-key error for zzz in:\n" + policy + "\n" + e.format());
    }
    throw new AssertionError("reader accepted an unknown key:\n" + policy);
  }

  static String spec(String body) {
    return "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: t}\nspec:\n" + body;
  }

  @Test
  void everyKeyTheReaderAcceptsHasADiffRule() {
    // prefix of the keys → a policy with zzz in that mapping
    Map<String, String> probes = new LinkedHashMap<>();
    probes.put(
        "",
        "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: t}\nspec: {}\nzzz: 1\n");
    probes.put(
        "metadata.",
        "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: t, zzz: 1}\nspec: {}\n");
    probes.put("", spec("  zzz: 1\n"));
    probes.put("substrate.", spec("  substrate: {zzz: 1}\n"));
    probes.put("substrate.gpu.", spec("  substrate: {gpu: {zzz: 1}}\n"));
    probes.put("substrate.gpu.count.", spec("  substrate: {gpu: {count: {zzz: 1}}}\n"));
    probes.put("substrate.snp.", spec("  substrate: {snp: {zzz: 1}}\n"));
    probes.put(
        "substrate.snp.guestPolicy.", spec("  substrate: {snp: {guestPolicy: {zzz: deny}}}\n"));
    probes.put("tcb.", spec("  tcb: {zzz: 1}\n"));
    probes.put("tcb.minimum.", spec("  tcb: {minimum: {zzz: 1}}\n"));
    probes.put("measurements.", spec("  measurements: {zzz: 1, bundles: [{name: b, mrtd: aa}]}\n"));
    probes.put("workload.", spec("  workload: {zzz: 1}\n"));
    probes.put("kms.", spec("  kms: {zzz: 1, allowedRoots: [aa]}\n"));
    probes.put("signers.", spec("  signers: {zzz: 1, allowed: [aa]}\n"));
    probes.put("freshness.", spec("  freshness: {zzz: 1, requireNonce: true}\n"));
    probes.put("rules.", spec("  rules: [{name: r, expression: 'true', zzz: 1}]\n"));
    Set<String> keys = new TreeSet<>();
    // The top-level probe is overwritten by the spec probe above; read both.
    keys.addAll(
        readerKeys(
            "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: t}\nspec: {}\nzzz: 1\n"));
    probes.forEach((prefix, policy) -> readerKeys(policy).forEach(k -> keys.add(prefix + k)));
    assertThat(keys)
        .contains(
            "substrate",
            "tcb.allow",
            "substrate.gpu.count.min",
            "rules.expression",
            "substrate.snp.guestPolicy.migrateMa",
            "tcb.minimum.fmc");
    assertThat(keys.stream().filter(k -> !SectionRule.covers(k)).toList())
        .as(
            "policy keys without a diff rule (add one to SectionRule, with a test in PolicyDifferTest)")
        .isEmpty();
  }

  @Test
  void everyRuleNamesKeysTheReaderKnows() {
    // A rule for a key nobody can write would be dead code.
    for (SectionRule r : SectionRule.values()) {
      assertThat(r.keys()).as(r.name()).isNotEmpty();
    }
  }
}
