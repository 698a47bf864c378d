package dev.teepol.server.ear;

import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.core.verdict.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One appraised component as an EAR submodule: its {@code ear.status} and trustworthiness vector,
 * computed from the checks of teepol's verdict on it. The status follows teepol's decision, never
 * the vector alone: ALLOW is {@code affirming} ({@code warning} when a claim is in the warning
 * tier, such as an allowed TCB that is not UpToDate); DENY is {@code contraindicated} when a check
 * FAILED, {@code none} when checks could only not be judged. So no DENY is ever affirming.
 *
 * @param vector claim name → AR4SI value, in {@link TrustClaim} order; claims without any check are
 *     absent
 */
public record Submod(TrustClaim.Tier status, Map<String, Integer> vector) {
  private static final Set<String> TEE_WITH_ENCRYPTED_MEMORY = Set.of("tdx", "sgx", "sev-snp");

  /** The claim a check feeds: by category for provider checks, by section for policy checks. */
  static TrustClaim claimOf(CheckResult c) {
    CheckCategory cat = c.category();
    return switch (cat) {
      case PARSE, SIGNATURE, CHAIN -> TrustClaim.HARDWARE;
      case BINDING -> TrustClaim.INSTANCE_IDENTITY;
      case COLLATERAL -> TrustClaim.SOURCED_DATA;
      case TCB -> TrustClaim.CONFIGURATION;
      case POLICY -> policyClaim(c.id());
    };
  }

  private static TrustClaim policyClaim(String id) {
    // Component checks are prefixed "<component>:".
    String bare = id.substring(id.lastIndexOf(':') + 1);
    if (bare.startsWith("policy.measurements") || bare.startsWith("policy.workload")) {
      return TrustClaim.EXECUTABLES;
    }
    if (bare.startsWith("policy.kms")
        || bare.startsWith("policy.signers")
        || bare.startsWith("policy.freshness")) {
      return TrustClaim.INSTANCE_IDENTITY;
    }
    // tcb, substrate, platform (debug, TD attributes), rules and outputs: how it is configured.
    return TrustClaim.CONFIGURATION;
  }

  public static Submod of(Verdict verdict, Evidence evidence) {
    Map<TrustClaim, List<CheckResult>> byClaim = new EnumMap<>(TrustClaim.class);
    for (CheckResult c : verdict.checks()) {
      byClaim.computeIfAbsent(claimOf(c), k -> new ArrayList<>()).add(c);
    }
    Map<String, Integer> vector = new LinkedHashMap<>();
    for (TrustClaim claim : TrustClaim.values()) {
      if (claim == TrustClaim.RUNTIME_OPAQUE) {
        runtimeOpaque(vector, evidence);
        continue;
      }
      List<CheckResult> checks = byClaim.get(claim);
      if (checks != null) {
        vector.put(claim.key(), value(claim, checks, evidence));
      }
    }
    return new Submod(status(verdict, vector), Map.copyOf(vector));
  }

  private static int value(TrustClaim claim, List<CheckResult> checks, Evidence evidence) {
    boolean failed = checks.stream().anyMatch(c -> c.outcome() instanceof Outcome.Fail);
    if (failed) {
      if (claim == TrustClaim.HARDWARE
          && checks.stream()
              .filter(c -> c.outcome() instanceof Outcome.Fail)
              .allMatch(c -> c.category() == CheckCategory.PARSE)) {
        return TrustClaim.UNEXPECTED_EVIDENCE;
      }
      return claim.failed();
    }
    if (!checks.stream().allMatch(CheckResult::passed)) {
      return TrustClaim.NO_CLAIM;
    }
    String tcb = evidence.platform().tcb().status();
    if (claim == TrustClaim.CONFIGURATION && !tcb.isEmpty() && !tcb.equals("UpToDate")) {
      return TrustClaim.UNSAFE_CONFIG;
    }
    return claim.affirming();
  }

  /** Claimed only on a genuine hardware TEE: encrypted memory, or visible in debug mode. */
  private static void runtimeOpaque(Map<String, Integer> vector, Evidence evidence) {
    Integer hw = vector.get(TrustClaim.HARDWARE.key());
    if (hw == null
        || hw != TrustClaim.HARDWARE.affirming()
        || !TEE_WITH_ENCRYPTED_MEMORY.contains(evidence.platform().tee())) {
      return;
    }
    vector.put(
        TrustClaim.RUNTIME_OPAQUE.key(),
        evidence.platform().debug()
            ? TrustClaim.RUNTIME_OPAQUE.failed()
            : TrustClaim.RUNTIME_OPAQUE.affirming());
  }

  private static TrustClaim.Tier status(Verdict verdict, Map<String, Integer> vector) {
    if (verdict.allowed() && !verdict.checks().isEmpty()) {
      boolean warning =
          vector.values().stream().anyMatch(v -> TrustClaim.tier(v) == TrustClaim.Tier.WARNING);
      return warning ? TrustClaim.Tier.WARNING : TrustClaim.Tier.AFFIRMING;
    }
    boolean anyFail = verdict.checks().stream().anyMatch(c -> c.outcome() instanceof Outcome.Fail);
    return anyFail ? TrustClaim.Tier.CONTRAINDICATED : TrustClaim.Tier.NONE;
  }
}
