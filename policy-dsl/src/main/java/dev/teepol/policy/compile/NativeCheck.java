package dev.teepol.policy.compile;

import static dev.teepol.policy.compile.EvidenceMap.bool;
import static dev.teepol.policy.compile.EvidenceMap.boolOrFalse;
import static dev.teepol.policy.compile.EvidenceMap.decimal;
import static dev.teepol.policy.compile.EvidenceMap.instant;
import static dev.teepol.policy.compile.EvidenceMap.integer;
import static dev.teepol.policy.compile.EvidenceMap.list;
import static dev.teepol.policy.compile.EvidenceMap.lowerAscii;
import static dev.teepol.policy.compile.EvidenceMap.map;
import static dev.teepol.policy.compile.EvidenceMap.string;
import static dev.teepol.policy.compile.EvidenceMap.stringOr;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The native form of a check generated from a typed section: the same condition (and precondition)
 * as the CEL {@link Desugar} writes for it, as plain Java over the same evidence values. The CEL
 * form stays the reference (it is type-checked, documented, explained and compared by {@code teepol
 * diff}); {@code NativeTypedChecksTest} evaluates both on generated evidence and requires identical
 * outcomes and reasons. Each record names the CEL it mirrors.
 *
 * <p>Sets are {@link Set}s and registers maps, built once at compile time; judging allocates
 * nothing unless a string must be lower-cased.
 */
public sealed interface NativeCheck {

  /**
   * The judgement on one evidence value map (the {@code evidence} CEL variable) at {@code now};
   * never throws.
   */
  default Judgement judge(Map<String, Object> evidence, Instant now) {
    try {
      return decide(evidence, now);
    } catch (EvidenceMap.Irregular | ClassCastException e) {
      return Judgement.ASK_CEL;
    }
  }

  /** The judgement; may throw {@link EvidenceMap.Irregular} for an input CEL should judge. */
  Judgement decide(Map<String, Object> e, Instant now);

  private static String tee(Map<String, Object> e) {
    return string(e, "platform", "tee");
  }

  private static boolean proven(Map<String, Object> e, String path) {
    return Desugar.PROVEN.contains(stringOr(map(e, "bound"), path, ""));
  }

  /**
   * {@code evidence.kind != '' && evidence.platform.tee != 'none'} then {@code
   * evidence.platform.tee in tees}.
   */
  record SubstrateTee(Set<String> tees) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      String tee = tee(e);
      if (string(e, "kind").isEmpty() || tee.equals("none")) {
        return Judgement.PRECONDITION_UNMET;
      }
      return Judgement.of(tees.contains(tee));
    }
  }

  /** {@code substrate.gpu}: count within bounds and every GPU attested with an allowed arch. */
  record Gpus(boolean required, Set<String> arch, long min, long max) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      List<?> gpus = list(e, "gpus");
      long n = gpus.size();
      if (!required && n == 0) {
        return Judgement.PASS;
      }
      if (n < min || (max != Long.MAX_VALUE && n > max)) {
        return Judgement.FAIL;
      }
      boolean all = true;
      for (Object o : gpus) {
        Map<?, ?> g = (Map<?, ?>) o;
        all &=
            bool(g, "token_verified")
                && bool(g, "nonce_matches")
                && bool(g, "measres")
                && bool(g, "secboot")
                && (arch.isEmpty() || arch.contains(EvidenceMap.string(g, "arch")));
      }
      return Judgement.of(all);
    }
  }

  /** {@code !evidence.platform.debug}. */
  record NotDebug() implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      return Judgement.of(!bool(e, "platform", "debug"));
    }
  }

  /**
   * {@code evidence.platform.tee != 'tdx' || evidence.kind in serviceJudged ||
   * evidence.platform.td_attributes.sept_ve_disable}.
   */
  record SeptVeDisable(Set<String> serviceJudged) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      return Judgement.of(
          !tee(e).equals("tdx")
              || serviceJudged.contains(string(e, "kind"))
              || bool(e, "platform", "td_attributes", "sept_ve_disable"));
    }
  }

  /**
   * {@code evidence.platform.tee != 'mock' || evidence.mock.published_key == '' ||
   * evidence.mock.published_key in named}.
   */
  record MockKey(Set<String> named) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      if (!tee(e).equals("mock")) {
        return Judgement.PASS;
      }
      String key = string(e, "mock", "published_key");
      return Judgement.of(key.isEmpty() || named.contains(key));
    }
  }

  /** {@code !('sha1' in [evidence.tpm.quote.pcr_bank, evidence.tpm.quote.signature_hash])}. */
  record WeakDigests() implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      String bank = string(e, "tpm", "quote", "pcr_bank");
      String hash = string(e, "tpm", "quote", "signature_hash");
      return Judgement.of(!bank.equals("sha1") && !hash.equals("sha1"));
    }
  }

  /** {@code evidence.measurements[?'mr_servicetd'].orValue(zero) in allowed}. */
  record ServiceTd(Set<String> allowed) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      return Judgement.of(allowed.contains(serviceTd(e)));
    }
  }

  private static String serviceTd(Map<String, Object> e) {
    return stringOr(map(e, "measurements"), "mr_servicetd", Desugar.NO_SERVICE_TD);
  }

  /**
   * SEV-SNP guest policy: not SEV-SNP, or no denied bit set and every required bit set ({@code
   * policy[?bit].orValue(false)}); with neither, the CEL is {@code true}.
   */
  record SnpGuestPolicy(List<String> deny, List<String> require) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      if ((deny.isEmpty() && require.isEmpty()) || !tee(e).equals("sev-snp")) {
        return Judgement.PASS;
      }
      Map<?, ?> bits = map(e, "platform", "snp", "policy");
      boolean ok = true;
      for (String b : deny) {
        ok &= !boolOrFalse(bits, b);
      }
      for (String b : require) {
        ok &= boolOrFalse(bits, b);
      }
      return Judgement.of(ok);
    }
  }

  /** {@code NOT_SNP || evidence.platform.snp.vmpl in vmpl}. */
  record SnpVmpl(Set<Long> vmpl) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      return Judgement.of(
          !tee(e).equals("sev-snp") || vmpl.contains(integer(e, "platform", "snp", "vmpl")));
    }
  }

  /**
   * Precondition {@code NOT_SNP || evidence.measurements[?'guest_svn'].orValue('') != ''}, then
   * {@code NOT_SNP || int(evidence.measurements['guest_svn']) >= min}.
   */
  record SnpGuestSvn(long min) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      if (!tee(e).equals("sev-snp")) {
        return Judgement.PASS;
      }
      String svn = stringOr(map(e, "measurements"), "guest_svn", "");
      if (svn.isEmpty()) {
        return Judgement.PRECONDITION_UNMET;
      }
      return Judgement.of(decimal(svn) >= min);
    }
  }

  /**
   * {@code NOT_SNP || (evidence.measurements[?field].orValue('') in values &&
   * evidence.bound[?'measurements.' + field].orValue('') in PROVEN)}.
   */
  record SnpKeyDigest(String field, Set<String> values) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      if (!tee(e).equals("sev-snp")) {
        return Judgement.PASS;
      }
      return Judgement.of(
          values.contains(stringOr(map(e, "measurements"), field, ""))
              && proven(e, "measurements." + field));
    }
  }

  /**
   * Which TEEs the TCB checks judge: with {@code tcb.appliesTo}, evidence from a TEE outside {@code
   * judged} passes ({@code !(evidence.platform.tee in judged) || ...}); without it, every TEE is
   * judged.
   */
  record TcbScope(Optional<Set<String>> judged) {
    boolean exempt(Map<String, Object> e) {
      return judged.isPresent() && !judged.get().contains(tee(e));
    }
  }

  /**
   * Precondition {@code outside || status != ''}; then {@code outside || (status == 'UpToDate' (if
   * allowed) || (status in extra && now <= expires) || (status in OutOfDate* && now - issued_at <=
   * grace))}.
   */
  record TcbStatus(
      TcbScope scope,
      boolean upToDate,
      Set<String> extra,
      Optional<Instant> expires,
      Optional<Duration> grace)
      implements NativeCheck {
    private static final Set<String> OUT_OF_DATE =
        Set.of("OutOfDate", "OutOfDateConfigurationNeeded");

    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      if (scope.exempt(e)) {
        return Judgement.PASS;
      }
      String status = string(e, "platform", "tcb", "status");
      if (status.isEmpty()) {
        return Judgement.PRECONDITION_UNMET;
      }
      if (upToDate && status.equals("UpToDate")) {
        return Judgement.PASS;
      }
      if (extra.contains(status) && expires.map(x -> !now.isAfter(x)).orElse(true)) {
        return Judgement.PASS;
      }
      if (grace.isPresent() && OUT_OF_DATE.contains(status)) {
        return Judgement.of(
            EvidenceMap.within(
                now, instant(e, "platform", "collateral", "issued_at"), grace.get()));
      }
      return Judgement.FAIL;
    }
  }

  /**
   * {@code outside || size(advisory_ids) == 0} without allowed advisories; with them {@code outside
   * || (advisory_ids.all(a, a in allowed) && (size(advisory_ids) == 0 || now <= expires))}.
   */
  record TcbAdvisories(TcbScope scope, Set<String> allowed, Optional<Instant> expires)
      implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      if (scope.exempt(e)) {
        return Judgement.PASS;
      }
      List<?> ids = list(e, "platform", "tcb", "advisory_ids");
      if (allowed.isEmpty() || ids.isEmpty()) {
        return Judgement.of(ids.isEmpty());
      }
      boolean all = true;
      for (Object a : ids) {
        all &= allowed.contains(EvidenceMap.asString(a));
      }
      return Judgement.of(all && expires.map(x -> !now.isAfter(x)).orElse(true));
    }
  }

  /**
   * {@code NOT_SNP || (int(components[?'reported.' + c].orValue('-1')) >= n && ...)} for every
   * named component.
   */
  record TcbMinimum(Map<String, Long> minimum) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      if (!tee(e).equals("sev-snp")) {
        return Judgement.PASS;
      }
      Map<?, ?> comps = map(e, "platform", "tcb", "components");
      boolean ok = true;
      for (Map.Entry<String, Long> m : minimum.entrySet()) {
        ok &= decimal(stringOr(comps, "reported." + m.getKey(), "-1")) >= m.getValue();
      }
      return Judgement.of(ok);
    }
  }

  /**
   * Precondition {@code !(tee in ['tdx', 'sgx']) || eval_data_number >= 0}, then {@code !(tee in
   * ['tdx', 'sgx']) || eval_data_number >= min}.
   */
  record EvalDataNumber(long min) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      String tee = tee(e);
      if (!tee.equals("tdx") && !tee.equals("sgx")) {
        return Judgement.PASS;
      }
      long n = integer(e, "platform", "tcb", "eval_data_number");
      return n < 0 ? Judgement.PRECONDITION_UNMET : Judgement.of(n >= min);
    }
  }

  /**
   * Precondition {@code outside || tee == 'sev-snp' || issued_at != timestamp(0)}, then {@code
   * outside || tee == 'sev-snp' || now - issued_at <= max}.
   */
  record CollateralAge(TcbScope scope, Duration max) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      if (scope.exempt(e) || tee(e).equals("sev-snp")) {
        return Judgement.PASS;
      }
      Instant issued = instant(e, "platform", "collateral", "issued_at");
      if (issued.equals(Instant.EPOCH)) {
        return Judgement.PRECONDITION_UNMET;
      }
      return Judgement.of(EvidenceMap.within(now, issued, max));
    }
  }

  /** One measurement bundle: every register equal and proven; no service TD unless it pins one. */
  record Bundle(Map<String, String> registers) {
    boolean matches(Map<String, Object> e) {
      if (registers.isEmpty()) {
        return false;
      }
      Map<?, ?> measured = map(e, "measurements");
      for (Map.Entry<String, String> r : registers.entrySet()) {
        if (!stringOr(measured, r.getKey(), "").equals(r.getValue())
            || !proven(e, "measurements." + r.getKey())) {
          return false;
        }
      }
      return registers.containsKey("mr_servicetd") || serviceTd(e).equals(Desugar.NO_SERVICE_TD);
    }
  }

  /** {@code (bundle 1) || (bundle 2) || ...}; no bundle is {@code false}. */
  record Bundles(List<Bundle> bundles) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      for (Bundle b : bundles) {
        if (b.matches(e)) {
          return Judgement.PASS;
        }
      }
      return Judgement.FAIL;
    }
  }

  /**
   * {@code evidence.<section>.<key>.lowerAscii() in values && evidence.bound[?field].orValue('') in
   * PROVEN}.
   */
  record ScalarPin(String section, String key, Set<String> values) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      return Judgement.of(
          values.contains(lowerAscii(string(e, section, key))) && proven(e, section + "." + key));
    }
  }

  /**
   * {@code size(digests) > 0 && digests.all(d, d.lowerAscii() in values) &&
   * evidence.bound[?'workload.image_digests'].orValue('') in PROVEN}.
   */
  record ImageDigestPin(Set<String> values) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      List<?> digests = list(e, "workload", "image_digests");
      boolean all = !digests.isEmpty();
      for (Object d : digests) {
        all &= values.contains(lowerAscii(EvidenceMap.asString(d)));
      }
      return Judgement.of(all && proven(e, "workload.image_digests"));
    }
  }

  /**
   * {@code size(digests) > 0 && digests.all(d, provenance.exists(p, p.verified && p.digest ==~ d &&
   * repositories.exists(r, r == p.repository || (p.repository + '/' + p.workflow_ref).startsWith(r
   * + '@')))) && bound image digests proven}.
   */
  record ProvenancePin(List<String> repositories) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      List<?> digests = list(e, "workload", "image_digests");
      List<?> provenance = list(e, "provenance");
      boolean all = !digests.isEmpty();
      for (Object d : digests) {
        String digest = lowerAscii(EvidenceMap.asString(d));
        boolean vouched = false;
        for (Object o : provenance) {
          Map<?, ?> p = (Map<?, ?>) o;
          vouched |=
              EvidenceMap.bool(p, "verified")
                  && lowerAscii(EvidenceMap.string(p, "digest")).equals(digest)
                  && pinnedSigner(p);
        }
        all &= vouched;
      }
      return Judgement.of(all && proven(e, "workload.image_digests"));
    }

    private boolean pinnedSigner(Map<?, ?> p) {
      String repository = EvidenceMap.string(p, "repository");
      String workflow = repository + "/" + EvidenceMap.string(p, "workflow_ref");
      for (String r : repositories) {
        if (r.equals(repository) || workflow.startsWith(r + "@")) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * {@code evidence.signers.exists(s, s.address_or_key.lowerAscii() in values && s.bound_by in
   * bindings)}.
   */
  record SignerPin(Set<String> values, Set<String> bindings) implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      boolean any = false;
      for (Object o : list(e, "signers")) {
        Map<?, ?> s = (Map<?, ?>) o;
        any |=
            values.contains(lowerAscii(EvidenceMap.string(s, "address_or_key")))
                && bindings.contains(EvidenceMap.string(s, "bound_by"));
      }
      return Judgement.of(any);
    }
  }

  /** {@code evidence.nonce.expected != '' && evidence.nonce.matches}. */
  record Nonce() implements NativeCheck {
    @Override
    public Judgement decide(Map<String, Object> e, Instant now) {
      return Judgement.of(!string(e, "nonce", "expected").isEmpty() && bool(e, "nonce", "matches"));
    }
  }
}
