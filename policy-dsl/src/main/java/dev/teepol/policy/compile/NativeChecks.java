package dev.teepol.policy.compile;

import dev.teepol.policy.model.Located;
import dev.teepol.policy.model.Policy;
import dev.teepol.policy.model.Vocabulary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The native form of every check {@link Desugar} generates from a typed section, by check id, built
 * from the same policy model with the same parameters (allowed sets, thresholds, pins). Desugar
 * stays the one place that writes the CEL; this class must follow it, and {@code
 * NativeTypedChecksTest} fails on any policy and evidence where the two disagree. {@code rules}
 * have no native form: they are CEL by definition. Today every typed section has one; a typed check
 * without an entry here simply runs as CEL.
 */
final class NativeChecks {
  private NativeChecks() {}

  static Map<String, NativeCheck> of(Policy p) {
    Map<String, NativeCheck> out = new HashMap<>();
    Policy.Spec s = p.spec();
    s.substrate()
        .ifPresent(
            sub -> {
              out.put("policy.substrate.tee", new NativeCheck.SubstrateTee(values(sub.tee())));
              sub.gpu()
                  .ifPresent(
                      g ->
                          out.put(
                              "policy.substrate.gpu",
                              new NativeCheck.Gpus(
                                  g.required(), Set.copyOf(g.arch()), g.minCount(), g.maxCount())));
              sub.snp().ifPresent(snp -> snp(snp, out));
            });
    out.put("policy.platform.not_debug", new NativeCheck.NotDebug());
    out.put(
        "policy.platform.td_attributes",
        new NativeCheck.SeptVeDisable(Set.copyOf(Vocabulary.SERVICE_JUDGED_KINDS)));
    out.put(
        "policy.mock.key",
        new NativeCheck.MockKey(
            s.substrate().map(sub -> values(sub.allowPublishedMockKeys())).orElse(Set.of())));
    out.put("policy.platform.weak_digests", new NativeCheck.WeakDigests());
    out.put("policy.platform.mr_servicetd", new NativeCheck.ServiceTd(serviceTds(s)));
    out.put("policy.platform.snp_policy", snpPolicy(s));
    tcb(s.tcb(), out);
    s.measurements().ifPresent(m -> out.put("policy.measurements.bundle", bundles(m)));
    for (Policy.Pins pins : s.pins()) {
      out.put(pins.checkId(), pin(pins));
    }
    out.put("policy.freshness.nonce", new NativeCheck.Nonce());
    return out;
  }

  private static Set<String> values(List<Located<String>> l) {
    Set<String> out = new LinkedHashSet<>();
    l.forEach(v -> out.add(v.value()));
    return java.util.Collections.unmodifiableSet(out);
  }

  /** Zero, and every MRSERVICETD a bundle pins (as Desugar's {@code serviceTd}). */
  private static Set<String> serviceTds(Policy.Spec s) {
    Set<String> allowed = new LinkedHashSet<>(List.of(Desugar.NO_SERVICE_TD));
    s.measurements()
        .ifPresent(
            m ->
                m.bundles().stream()
                    .map(b -> b.registers().get("mr_servicetd"))
                    .filter(java.util.Objects::nonNull)
                    .forEach(v -> allowed.add(v.value())));
    return Set.copyOf(allowed);
  }

  /** The deny and require bits of Desugar's {@code snpPolicy}, from the same defaults. */
  private static NativeCheck snpPolicy(Policy.Spec s) {
    Map<String, String> written =
        s.substrate().flatMap(Policy.Substrate::snp).map(Policy.Snp::guestPolicy).orElse(Map.of());
    List<String> deny = new ArrayList<>();
    List<String> require = new ArrayList<>();
    Vocabulary.SNP_POLICY_DEFAULTS.forEach(
        (name, def) -> {
          switch (written.getOrDefault(def[0], def[1])) {
            case "deny" -> deny.add(def[0]);
            case "require" -> require.add(def[0]);
            default -> {}
          }
        });
    return new NativeCheck.SnpGuestPolicy(List.copyOf(deny), List.copyOf(require));
  }

  private static void snp(Policy.Snp snp, Map<String, NativeCheck> out) {
    if (!snp.vmpl().isEmpty()) {
      out.put("policy.snp.vmpl", new NativeCheck.SnpVmpl(Set.copyOf(snp.vmpl())));
    }
    snp.minGuestSvn()
        .ifPresent(n -> out.put("policy.snp.guest_svn", new NativeCheck.SnpGuestSvn(n)));
    if (!snp.idKeyDigests().isEmpty()) {
      out.put(
          "policy.snp.id_key_digest",
          new NativeCheck.SnpKeyDigest("id_key_digest", values(snp.idKeyDigests())));
    }
    if (!snp.authorKeyDigests().isEmpty()) {
      out.put(
          "policy.snp.author_key_digest",
          new NativeCheck.SnpKeyDigest("author_key_digest", values(snp.authorKeyDigests())));
    }
  }

  /** The parameters of Desugar's {@code tcb}: defaults, appliesTo scope, expiry and grace. */
  private static void tcb(Optional<Policy.TcbRules> rules, Map<String, NativeCheck> out) {
    List<String> allow = rules.map(Policy.TcbRules::allow).orElse(List.of("UpToDate"));
    List<String> advisories = rules.map(Policy.TcbRules::allowAdvisories).orElse(List.of());
    Optional<Instant> expires = rules.flatMap(Policy.TcbRules::expires);
    List<String> appliesTo = rules.map(Policy.TcbRules::appliesTo).orElse(List.of());
    Optional<Set<String>> judged = Optional.empty();
    if (!appliesTo.isEmpty()) {
      Set<String> j = new LinkedHashSet<>(Vocabulary.VENDOR_TCB_TEES);
      j.addAll(appliesTo);
      judged = Optional.of(Set.copyOf(j));
    }
    NativeCheck.TcbScope scope = new NativeCheck.TcbScope(judged);
    Set<String> extra = new LinkedHashSet<>(allow);
    extra.remove("UpToDate");
    out.put(
        "policy.tcb.status",
        new NativeCheck.TcbStatus(
            scope,
            allow.contains("UpToDate"),
            Set.copyOf(extra),
            expires,
            rules.flatMap(Policy.TcbRules::outOfDateGrace)));
    out.put(
        "policy.tcb.advisories",
        new NativeCheck.TcbAdvisories(scope, Set.copyOf(advisories), expires));
    Map<String, Long> minimum = rules.map(Policy.TcbRules::minimum).orElse(Map.of());
    if (!minimum.isEmpty()) {
      out.put("policy.tcb.minimum", new NativeCheck.TcbMinimum(new LinkedHashMap<>(minimum)));
    }
    rules
        .flatMap(Policy.TcbRules::minEvaluationDataNumber)
        .ifPresent(n -> out.put("policy.tcb.eval_data_number", new NativeCheck.EvalDataNumber(n)));
    rules
        .flatMap(Policy.TcbRules::maxCollateralAge)
        .ifPresent(
            (Duration age) ->
                out.put("policy.tcb.collateral_age", new NativeCheck.CollateralAge(scope, age)));
  }

  private static NativeCheck bundles(Policy.Measurements m) {
    List<NativeCheck.Bundle> out = new ArrayList<>();
    for (Policy.Bundle b : m.bundles()) {
      Map<String, String> regs = new LinkedHashMap<>();
      b.registers().forEach((k, v) -> regs.put(k, v.value()));
      out.add(new NativeCheck.Bundle(java.util.Collections.unmodifiableMap(regs)));
    }
    return new NativeCheck.Bundles(List.copyOf(out));
  }

  private static NativeCheck pin(Policy.Pins p) {
    Set<String> values = values(p.values());
    return switch (p.field()) {
      case "signers" -> new NativeCheck.SignerPin(values, Set.copyOf(p.bindings()));
      case "provenance" -> new NativeCheck.ProvenancePin(List.copyOf(values));
      case "workload.image_digests" -> new NativeCheck.ImageDigestPin(values);
      default -> {
        String[] path = p.field().split("\\.");
        yield new NativeCheck.ScalarPin(path[0], path[1], values);
      }
    };
  }
}
