package dev.teepol.policy.compile;

import dev.teepol.core.bytes.Hex;
import dev.teepol.policy.model.Located;
import dev.teepol.policy.model.Policy;
import dev.teepol.policy.model.Vocabulary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Typed policy sections → named CEL checks (docs/policy-reference.md lists every id). The strict
 * defaults live here: a policy that says nothing about TCB still allows only UpToDate with no
 * advisories, one that says nothing about debug denies debug TEEs, a TD must set SEPT_VE_DISABLE
 * unless the policy allows its absence by name, and a TD 1.5 must name no service TD unless a
 * bundle pins it.
 */
final class Desugar {
  /** Bindings that prove a value; {@code self_reported} is deliberately absent. */
  static final List<String> PROVEN =
      List.of("hardware", "replay", "report_data", "mr_config", "signature");

  /**
   * Checks about the platform rather than the workload: in a composite service (a NEAR gateway and
   * its model nodes) every attested component must meet them, not only the primary one. Workload
   * pins, measurements, GPUs and rules stay with the primary evidence (rules can address {@code
   * components[...]} themselves).
   */
  static final java.util.Set<String> EVERY_COMPONENT =
      java.util.Set.of(
          "policy.substrate.tee",
          "policy.platform.not_debug",
          "policy.platform.td_attributes",
          "policy.platform.mr_servicetd",
          "policy.platform.weak_digests",
          "policy.tcb.status",
          "policy.tcb.advisories",
          "policy.tcb.collateral_age",
          "policy.tcb.minimum",
          "policy.tcb.eval_data_number",
          "policy.platform.snp_policy",
          "policy.snp.vmpl",
          "policy.freshness.nonce");

  /** An all-zero MRSERVICETD: the TD is bound to no service TD. */
  static final String NO_SERVICE_TD = "0".repeat(96);

  /** Evidence without MRSERVICETD (TD 1.0, SGX, SNP, ...) counts as bound to no service TD. */
  static final String SERVICE_TD =
      "evidence.measurements[?'mr_servicetd'].orValue(" + CelLiterals.str(NO_SERVICE_TD) + ")";

  private Desugar() {}

  static List<CheckSpec> checks(Policy p) {
    List<CheckSpec> out = new ArrayList<>();
    Policy.Spec s = p.spec();
    s.substrate()
        .ifPresent(
            sub -> {
              if (!sub.tee().isEmpty()) {
                out.add(tee(sub));
              }
              sub.gpu().ifPresent(g -> out.add(gpu(g)));
            });
    boolean allowDebug = s.substrate().map(Policy.Substrate::allowDebug).orElse(false);
    if (!allowDebug) {
      out.add(
          new CheckSpec(
              "policy.platform.not_debug",
              s.substrate().map(Policy.Substrate::pos).orElse(s.pos()),
              Optional.empty(),
              "",
              "!evidence.platform.debug",
              Optional.empty(),
              e ->
                  "the "
                      + Vocabulary.teeName(str(e, "platform", "tee"))
                      + " runs in debug mode: its memory is readable by the host",
              "not in debug mode"));
    }
    tdAttributes(s).ifPresent(out::add);
    mockKey(s).ifPresent(out::add);
    weakDigests(s).ifPresent(out::add);
    out.add(serviceTd(s));
    snpPolicy(s).ifPresent(out::add);
    s.substrate().flatMap(Policy.Substrate::snp).ifPresent(snp -> out.addAll(snp(snp)));
    out.addAll(tcb(s.tcb(), s.pos()));
    s.measurements().ifPresent(m -> out.add(bundles(m)));
    for (Policy.Pins pins : s.pins()) {
      out.add(pins(pins));
    }
    s.freshness().filter(Policy.Freshness::requireNonce).ifPresent(f -> out.add(freshness(f)));
    for (Policy.Rule r : s.rules()) {
      String msg = r.message().isEmpty() ? "rule '" + r.name() + "' does not hold" : r.message();
      out.add(
          new CheckSpec(
              "policy.rule." + r.name(),
              r.pos(),
              Optional.empty(),
              "",
              r.expression().text(),
              Optional.of(r.expression()),
              e -> msg,
              "holds"));
    }
    return out;
  }

  /**
   * TD_ATTRIBUTES bits a TD must set, minus those the policy allows missing by name; evidence that
   * is not a TD passes, and so does a TD judged by an attestation service whose evidence carries no
   * TD report (a Confidential Space token: Google's verdict stands in for the report).
   */
  private static Optional<CheckSpec> tdAttributes(Policy.Spec s) {
    List<String> allowed =
        s.substrate().map(Policy.Substrate::allowMissingTdAttributes).orElse(List.of());
    if (!Vocabulary.REQUIRED_TD_ATTRIBUTES.stream().anyMatch(a -> !allowed.contains(a))) {
      return Optional.empty();
    }
    // Only SEPT_VE_DISABLE is required today; a second required bit would extend this condition.
    return Optional.of(
        new CheckSpec(
            "policy.platform.td_attributes",
            s.substrate().map(Policy.Substrate::pos).orElse(s.pos()),
            Optional.empty(),
            "",
            "evidence.platform.tee != 'tdx' || evidence.kind in "
                + CelLiterals.list(Vocabulary.SERVICE_JUDGED_KINDS)
                + " || evidence.platform.td_attributes.sept_ve_disable",
            Optional.empty(),
            e ->
                "the TD runs without SEPT_VE_DISABLE (TD_ATTRIBUTES bit 28): the host can inject #VE on secure-EPT violations;"
                    + " allow it by name with substrate.allowMissingTdAttributes: [SEPT_VE_DISABLE]",
            "SEPT_VE_DISABLE set (or not a TD report)"));
  }

  /**
   * A mock answer made with a published default key (Blindference's {@code weloveblindference})
   * proves nothing, since anyone can compute it: refused unless the policy names the key. Generated
   * only when the policy can admit the mock attester at all (substrate.tee lists mock, or makes no
   * claim).
   */
  private static Optional<CheckSpec> mockKey(Policy.Spec s) {
    List<String> tees =
        s.substrate().map(sub -> sub.tee().stream().map(Located::value).toList()).orElse(List.of());
    if (!tees.isEmpty() && !tees.contains("mock")) {
      return Optional.empty();
    }
    List<String> named =
        s.substrate()
            .map(sub -> sub.allowPublishedMockKeys().stream().map(Located::value).toList())
            .orElse(List.of());
    String accepted =
        named.isEmpty() ? "" : " || evidence.mock.published_key in " + CelLiterals.list(named);
    return Optional.of(
        new CheckSpec(
            "policy.mock.key",
            s.substrate().map(Policy.Substrate::pos).orElse(s.pos()),
            Optional.empty(),
            "",
            "evidence.platform.tee != 'mock' || evidence.mock.published_key == ''" + accepted,
            Optional.empty(),
            e ->
                "the mock answer's HMAC was made with the published key '"
                    + str(e, "mock", "published_key")
                    + "': anyone can answer with it. Name it in substrate.allowPublishedMockKeys to"
                    + " accept it anyway",
            named.isEmpty()
                ? "no published mock key (or not mock)"
                : "a private key or one of " + named + " (or not mock)"));
  }

  /**
   * A TPM quote whose PCR bank or signature hash is SHA-1, unless the policy allows SHA-1 by name;
   * evidence that is not a TPM quote relies on neither and passes.
   */
  private static Optional<CheckSpec> weakDigests(Policy.Spec s) {
    List<String> allowed = s.substrate().map(Policy.Substrate::allowWeakDigests).orElse(List.of());
    if (allowed.containsAll(Vocabulary.WEAK_DIGESTS)) {
      return Optional.empty();
    }
    // Only SHA1 is weak today; a second name would extend this list.
    return Optional.of(
        new CheckSpec(
            "policy.platform.weak_digests",
            s.substrate().map(Policy.Substrate::pos).orElse(s.pos()),
            Optional.empty(),
            "",
            "!('sha1' in [evidence.tpm.quote.pcr_bank, evidence.tpm.quote.signature_hash])",
            Optional.empty(),
            e ->
                "the TPM quote relies on SHA-1 (PCR bank "
                    + str(e, "tpm", "quote", "pcr_bank")
                    + ", signature hash "
                    + str(e, "tpm", "quote", "signature_hash")
                    + "): SHA-1 collisions are practical; allow it by name with"
                    + " substrate.allowWeakDigests: [SHA1]",
            "no SHA-1 in the quote (or not a TPM)"));
  }

  /**
   * A TD 1.5 report may name a service TD (e.g. a migration TD) that can act on the TD: MRSERVICETD
   * must be zero unless a measurement bundle pins the value (the bundle check then decides which
   * bundle it belongs to).
   */
  private static CheckSpec serviceTd(Policy.Spec s) {
    List<String> pinned =
        s.measurements()
            .map(
                m ->
                    m.bundles().stream()
                        .map(b -> b.registers().get("mr_servicetd"))
                        .filter(java.util.Objects::nonNull)
                        .map(Located::value)
                        .distinct()
                        .toList())
            .orElse(List.of());
    List<String> allowed = new ArrayList<>(List.of(NO_SERVICE_TD));
    allowed.addAll(pinned);
    return new CheckSpec(
        "policy.platform.mr_servicetd",
        s.measurements().map(Policy.Measurements::pos).orElse(s.pos()),
        Optional.empty(),
        "",
        SERVICE_TD + " in " + CelLiterals.list(allowed),
        Optional.empty(),
        e ->
            "MRSERVICETD is "
                + Hex.abbreviate(str(e, "measurements", "mr_servicetd"))
                + ": the TD is bound to a service TD that "
                + (pinned.isEmpty()
                    ? "no measurement bundle pins"
                    : "is not among the pinned " + pinned.stream().map(Hex::abbreviate).toList()),
        pinned.isEmpty() ? "no service TD" : "no service TD, or a pinned one");
  }

  /**
   * AMD publishes no TCB collateral for SEV-SNP (its TCB is in the signed report, and a VCEK does
   * not age), so the collateral age does not apply to SEV-SNP evidence.
   */
  static final String NO_TCB_COLLATERAL = "evidence.platform.tee == 'sev-snp' || ";

  /** Evidence that is not SEV-SNP passes every SEV-SNP check: the substrate claim judges it. */
  static final String NOT_SNP = "evidence.platform.tee != 'sev-snp' || ";

  /**
   * The SEV-SNP guest policy: permissions the guest grants must be allowed (defaults: SMT allowed,
   * MIGRATE_MA and CXL_ALLOW denied; DEBUG is {@code allowDebug}'s), requirements the policy wants
   * must be set. Generated when the policy admits SEV-SNP (no {@code substrate.tee}, or one naming
   * it) or writes {@code substrate.snp.guestPolicy}.
   */
  private static Optional<CheckSpec> snpPolicy(Policy.Spec s) {
    Map<String, String> written =
        s.substrate().flatMap(Policy.Substrate::snp).map(Policy.Snp::guestPolicy).orElse(Map.of());
    boolean admits =
        s.substrate()
            .map(
                sub ->
                    sub.tee().isEmpty()
                        || sub.tee().stream().anyMatch(t -> t.value().equals("sev-snp")))
            .orElse(true);
    if (!admits && written.isEmpty()) {
      return Optional.empty();
    }
    List<String> deny = new ArrayList<>();
    List<String> require = new ArrayList<>();
    List<String> allowed = new ArrayList<>();
    Vocabulary.SNP_POLICY_DEFAULTS.forEach(
        (name, def) -> {
          String v = written.getOrDefault(def[0], def[1]);
          switch (v) {
            case "deny" -> deny.add(def[0]);
            case "require" -> require.add(def[0]);
            case "allow" -> allowed.add(def[0]);
            default -> {}
          }
        });
    List<String> terms = new ArrayList<>();
    deny.forEach(
        b ->
            terms.add("!evidence.platform.snp.policy[?" + CelLiterals.str(b) + "].orValue(false)"));
    require.forEach(
        b -> terms.add("evidence.platform.snp.policy[?" + CelLiterals.str(b) + "].orValue(false)"));
    String cond = terms.isEmpty() ? "true" : NOT_SNP + "(" + String.join(" && ", terms) + ")";
    return Optional.of(
        new CheckSpec(
            "policy.platform.snp_policy",
            s.substrate()
                .flatMap(Policy.Substrate::snp)
                .map(Policy.Snp::pos)
                .or(() -> s.substrate().map(Policy.Substrate::pos))
                .orElse(s.pos()),
            Optional.empty(),
            "",
            cond,
            Optional.empty(),
            e -> snpPolicyReason(e, deny, require),
            "guest policy grants only "
                + allowed
                + (require.isEmpty() ? "" : " and sets " + require)
                + " (or not SEV-SNP)"));
  }

  @SuppressWarnings("unchecked")
  private static String snpPolicyReason(
      Map<String, Object> e, List<String> deny, List<String> require) {
    Map<String, Object> snp =
        (Map<String, Object>) ((Map<String, Object>) e.get("platform")).get("snp");
    Map<String, Object> bits = (Map<String, Object>) snp.get("policy");
    List<String> problems = new ArrayList<>();
    for (String b : deny) {
      if (Boolean.TRUE.equals(bits.get(b))) {
        problems.add(
            "the guest policy allows "
                + b.toUpperCase(java.util.Locale.ROOT)
                + ", which this policy denies");
      }
    }
    for (String b : require) {
      if (!Boolean.TRUE.equals(bits.get(b))) {
        problems.add(
            "the guest policy does not require "
                + b.toUpperCase(java.util.Locale.ROOT)
                + ", which this policy requires");
      }
    }
    return String.join("; ", problems);
  }

  /** {@code substrate.snp}: VMPL, minimum GUEST_SVN and the ID-block key digests. */
  private static List<CheckSpec> snp(Policy.Snp snp) {
    List<CheckSpec> out = new ArrayList<>();
    var pos = snp.keyPositions();
    if (!snp.vmpl().isEmpty()) {
      out.add(
          new CheckSpec(
              "policy.snp.vmpl",
              pos.getOrDefault("vmpl", snp.pos()),
              Optional.empty(),
              "",
              NOT_SNP + "evidence.platform.snp.vmpl in " + snp.vmpl(),
              Optional.empty(),
              e ->
                  "the report was requested at VMPL "
                      + snpField(e, "vmpl")
                      + "; allowed: "
                      + snp.vmpl(),
              "VMPL in " + snp.vmpl() + " (or not SEV-SNP)"));
    }
    snp.minGuestSvn()
        .ifPresent(
            n ->
                out.add(
                    new CheckSpec(
                        "policy.snp.guest_svn",
                        pos.getOrDefault("minGuestSvn", snp.pos()),
                        Optional.of(
                            NOT_SNP + "evidence.measurements[?'guest_svn'].orValue('') != ''"),
                        "the evidence has no GUEST_SVN",
                        NOT_SNP + "int(evidence.measurements['guest_svn']) >= " + n,
                        Optional.empty(),
                        e ->
                            "GUEST_SVN "
                                + str(e, "measurements", "guest_svn")
                                + " is below the minimum "
                                + n,
                        "GUEST_SVN >= " + n + " (or not SEV-SNP)")));
    digests(
        out,
        "policy.snp.id_key_digest",
        "id_key_digest",
        snp.idKeyDigests(),
        pos.getOrDefault("idKeyDigests", snp.pos()));
    digests(
        out,
        "policy.snp.author_key_digest",
        "author_key_digest",
        snp.authorKeyDigests(),
        pos.getOrDefault("authorKeyDigests", snp.pos()));
    return out;
  }

  private static void digests(
      List<CheckSpec> out,
      String id,
      String field,
      List<Located<String>> values,
      dev.teepol.policy.yaml.SourcePos pos) {
    if (values.isEmpty()) {
      return;
    }
    List<String> v = values.stream().map(Located::value).toList();
    out.add(
        new CheckSpec(
            id,
            pos,
            Optional.empty(),
            "",
            NOT_SNP
                + "(evidence.measurements[?"
                + CelLiterals.str(field)
                + "].orValue('') in "
                + CelLiterals.list(v)
                + " && evidence.bound[?"
                + CelLiterals.str("measurements." + field)
                + "].orValue('') in "
                + CelLiterals.list(PROVEN)
                + ")",
            Optional.empty(),
            e ->
                field
                    + " "
                    + Hex.abbreviate(str(e, "measurements", field))
                    + " is not among "
                    + v.stream().map(Hex::abbreviate).toList(),
            field + " pinned (or not SEV-SNP)"));
  }

  @SuppressWarnings("unchecked")
  private static String snpField(Map<String, Object> e, String key) {
    return String.valueOf(
        ((Map<String, Object>) ((Map<String, Object>) e.get("platform")).get("snp")).get(key));
  }

  private static CheckSpec tee(Policy.Substrate sub) {
    List<String> tees = sub.tee().stream().map(Located::value).toList();
    String claim = tees.stream().map(Vocabulary::teeName).collect(Collectors.joining(" or "));
    return new CheckSpec(
        "policy.substrate.tee",
        sub.teePos(),
        Optional.of("evidence.kind != '' && evidence.platform.tee != 'none'"),
        "claims " + claim + ", but there is no TEE evidence for it",
        "evidence.platform.tee in " + CelLiterals.list(tees),
        Optional.empty(),
        e -> "claims " + claim + ", evidence is " + Vocabulary.teeName(str(e, "platform", "tee")),
        "claims " + claim + ", evidence agrees");
  }

  /**
   * A matching nonce: supplied by the caller and carried by the evidence (NonceInfo's state
   * "matches"). Providers never fail for a nonce that was not supplied; this is where it is
   * required.
   */
  private static CheckSpec freshness(Policy.Freshness f) {
    return new CheckSpec(
        "policy.freshness.nonce",
        f.pos(),
        Optional.empty(),
        "",
        "evidence.nonce.expected != '' && evidence.nonce.matches",
        Optional.empty(),
        e ->
            str(e, "nonce", "expected").isEmpty()
                ? "no nonce supplied (--nonce): freshness is not established, the evidence may be a replay"
                : "the evidence does not carry the supplied nonce "
                    + Hex.abbreviate(str(e, "nonce", "expected")),
        "carries the supplied nonce");
  }

  private static CheckSpec gpu(Policy.Gpu g) {
    String archOk = g.arch().isEmpty() ? "true" : "g.arch in " + CelLiterals.list(g.arch());
    String each =
        "evidence.gpus.all(g, g.token_verified && g.nonce_matches && g.measres && g.secboot && "
            + archOk
            + ")";
    String count =
        "size(evidence.gpus) >= "
            + g.minCount()
            + (g.maxCount() == Long.MAX_VALUE ? "" : " && size(evidence.gpus) <= " + g.maxCount());
    String cond =
        g.required()
            ? count + " && " + each
            : "size(evidence.gpus) == 0 || (" + count + " && " + each + ")";
    return new CheckSpec(
        "policy.substrate.gpu",
        g.pos(),
        Optional.empty(),
        "",
        cond,
        Optional.empty(),
        e -> gpuReason(e, g),
        "GPUs attested");
  }

  @SuppressWarnings("unchecked")
  private static String gpuReason(Map<String, Object> e, Policy.Gpu g) {
    List<Map<String, Object>> gpus = (List<Map<String, Object>>) e.get("gpus");
    if (gpus.size() < g.minCount() || gpus.size() > g.maxCount()) {
      return "claims "
          + (g.maxCount() == Long.MAX_VALUE
              ? "at least " + g.minCount()
              : g.minCount() + ".." + g.maxCount())
          + " attested GPU(s), evidence has "
          + gpus.size();
    }
    List<String> problems = new ArrayList<>();
    for (Map<String, Object> gpu : gpus) {
      List<String> bad = new ArrayList<>();
      for (String k : List.of("token_verified", "nonce_matches", "measres", "secboot")) {
        if (!Boolean.TRUE.equals(gpu.get(k))) {
          bad.add(k);
        }
      }
      if (!g.arch().isEmpty() && !g.arch().contains(gpu.get("arch"))) {
        bad.add("arch " + gpu.get("arch") + " not in " + g.arch());
      }
      if (!bad.isEmpty()) {
        problems.add("GPU " + gpu.get("index") + ": " + String.join(", ", bad));
      }
    }
    return String.join("; ", problems);
  }

  private static List<CheckSpec> tcb(
      Optional<Policy.TcbRules> rules, dev.teepol.policy.yaml.SourcePos specPos) {
    List<String> allow = rules.map(Policy.TcbRules::allow).orElse(List.of("UpToDate"));
    List<String> advisories = rules.map(Policy.TcbRules::allowAdvisories).orElse(List.of());
    Optional<Instant> expires = rules.flatMap(Policy.TcbRules::expires);
    List<String> appliesTo = rules.map(Policy.TcbRules::appliesTo).orElse(List.of());
    // appliesTo exempts evidence from TEEs that have no vendor TCB to judge (TPM, mock), so a
    // multi-substrate policy can still be strict where a TCB exists. A TEE with a vendor TCB is
    // judged whether or not it is listed: `appliesTo: [sgx]` must not wave an OutOfDate TDX
    // through.
    List<String> judged = new ArrayList<>(Vocabulary.VENDOR_TCB_TEES);
    appliesTo.stream().filter(t -> !judged.contains(t)).forEach(judged::add);
    String outside =
        appliesTo.isEmpty()
            ? ""
            : "!(evidence.platform.tee in " + CelLiterals.list(judged) + ") || ";
    String scope = appliesTo.isEmpty() ? "" : " (for " + judged + ")";
    var pos = rules.map(Policy.TcbRules::pos).orElse(specPos);
    List<String> extra = allow.stream().filter(a -> !a.equals("UpToDate")).toList();
    String until = expires.map(x -> " && now <= " + CelLiterals.timestamp(x)).orElse("");
    String status = "evidence.platform.tcb.status";
    StringBuilder cond =
        new StringBuilder(allow.contains("UpToDate") ? status + " == 'UpToDate'" : "false");
    if (!extra.isEmpty()) {
      cond.append(" || (")
          .append(status)
          .append(" in ")
          .append(CelLiterals.list(extra))
          .append(until)
          .append(")");
    }
    Optional<java.time.Duration> grace = rules.flatMap(Policy.TcbRules::outOfDateGrace);
    grace.ifPresent(
        gr ->
            cond.append(" || (")
                .append(status)
                .append(
                    " in ['OutOfDate', 'OutOfDateConfigurationNeeded'] && now - evidence.platform.collateral.issued_at <= ")
                .append(CelLiterals.duration(gr))
                .append(")"));
    List<CheckSpec> out = new ArrayList<>();
    String allowed =
        allow
            + grace
                .map(g -> " (OutOfDate within " + g.toDays() + "d of the collateral's issue)")
                .orElse("")
            + expires.map(x -> " until " + x).orElse("");
    out.add(
        new CheckSpec(
            "policy.tcb.status",
            pos,
            Optional.of(outside + status + " != ''"),
            "TCB status unknown (no collateral, or no TCB level matched)",
            outside + "(" + cond + ")",
            Optional.empty(),
            e -> "TCB status is " + str(e, "platform", "tcb", "status") + "; allowed: " + allowed,
            "allowed: " + allowed + scope));
    String advCond =
        advisories.isEmpty()
            ? "size(evidence.platform.tcb.advisory_ids) == 0"
            : "evidence.platform.tcb.advisory_ids.all(a, a in "
                + CelLiterals.list(advisories)
                + ")"
                + (until.isEmpty()
                    ? ""
                    : " && (size(evidence.platform.tcb.advisory_ids) == 0 || (true" + until + "))");
    out.add(
        new CheckSpec(
            "policy.tcb.advisories",
            pos,
            Optional.empty(),
            "",
            outside + "(" + advCond + ")",
            Optional.empty(),
            e ->
                "advisories not allowed: "
                    + notIn(list(e, "platform", "tcb", "advisory_ids"), advisories)
                    + expires.map(x -> " (allowances expire " + x + ")").orElse(""),
            (advisories.isEmpty() ? "no advisories" : "advisories within " + advisories) + scope));
    Map<String, Long> minimum = rules.map(Policy.TcbRules::minimum).orElse(Map.of());
    if (!minimum.isEmpty()) {
      List<String> terms = new ArrayList<>();
      minimum.forEach(
          (c, n) ->
              terms.add(
                  "int(evidence.platform.tcb.components[?"
                      + CelLiterals.str("reported." + c)
                      + "].orValue('-1')) >= "
                      + n));
      out.add(
          new CheckSpec(
              "policy.tcb.minimum",
              rules.get().keyPositions().getOrDefault("minimum", pos),
              Optional.empty(),
              "",
              NOT_SNP + "(" + String.join(" && ", terms) + ")",
              Optional.empty(),
              e -> tcbMinimumReason(e, minimum),
              "REPORTED_TCB at least " + minimum + " (or not SEV-SNP)"));
    }
    rules
        .flatMap(Policy.TcbRules::minEvaluationDataNumber)
        .ifPresent(
            n -> {
              String intel = "!(evidence.platform.tee in ['tdx', 'sgx']) || ";
              out.add(
                  new CheckSpec(
                      "policy.tcb.eval_data_number",
                      rules.get().keyPositions().getOrDefault("minEvaluationDataNumber", pos),
                      Optional.of(intel + "evidence.platform.tcb.eval_data_number >= 0"),
                      "TCB evaluation data number unknown (no collateral)",
                      intel + "evidence.platform.tcb.eval_data_number >= " + n,
                      Optional.empty(),
                      e ->
                          "the collateral's TCB evaluation data number "
                              + ((Map<?, ?>) ((Map<?, ?>) e.get("platform")).get("tcb"))
                                  .get("eval_data_number")
                              + " is below "
                              + n
                              + ": older, still-valid collateral is a rollback lever",
                      "TCB evaluation data number >= " + n + " (or not Intel)"));
            });
    rules
        .flatMap(Policy.TcbRules::maxCollateralAge)
        .ifPresent(
            age ->
                out.add(
                    new CheckSpec(
                        "policy.tcb.collateral_age",
                        rules.get().keyPositions().getOrDefault("maxCollateralAge", pos),
                        Optional.of(
                            outside
                                + NO_TCB_COLLATERAL
                                + "evidence.platform.collateral.issued_at != timestamp(0)"),
                        "collateral issue date unknown",
                        outside
                            + NO_TCB_COLLATERAL
                            + "now - evidence.platform.collateral.issued_at <= "
                            + CelLiterals.duration(age),
                        Optional.empty(),
                        e ->
                            "collateral issued "
                                + str(e, "platform", "collateral", "issued_at")
                                + " is older than "
                                + age.toDays()
                                + "d",
                        "collateral younger than " + age.toDays() + "d" + scope)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static String tcbMinimumReason(Map<String, Object> e, Map<String, Long> minimum) {
    Map<String, Object> comps =
        (Map<String, Object>)
            ((Map<String, Object>) ((Map<String, Object>) e.get("platform")).get("tcb"))
                .get("components");
    List<String> low = new ArrayList<>();
    minimum.forEach(
        (c, n) -> {
          Object v = comps.get("reported." + c);
          if (v == null) {
            low.add(c + " absent (minimum " + n + ")");
          } else if (Long.parseLong(v.toString()) < n) {
            low.add(c + " " + v + " < " + n);
          }
        });
    return "REPORTED_TCB below the minimum: " + String.join(", ", low);
  }

  private static CheckSpec bundles(Policy.Measurements m) {
    List<String> alternatives = new ArrayList<>();
    for (Policy.Bundle b : m.bundles()) {
      List<String> regs = new ArrayList<>();
      b.registers()
          .forEach(
              (k, v) ->
                  regs.add(
                      "evidence.measurements[?"
                          + CelLiterals.str(k)
                          + "].orValue('') == "
                          + CelLiterals.str(v.value())
                          + " && evidence.bound[?"
                          + CelLiterals.str("measurements." + k)
                          + "].orValue('') in "
                          + CelLiterals.list(PROVEN)));
      if (!regs.isEmpty() && !b.registers().containsKey("mr_servicetd")) {
        // A bundle that says nothing about a service TD means "none", even if another bundle pins
        // one.
        regs.add(SERVICE_TD + " == " + CelLiterals.str(NO_SERVICE_TD));
      }
      // A bundle that pins nothing is already a reader error; it must not also emit "()" as CEL.
      alternatives.add(regs.isEmpty() ? "false" : "(" + String.join(" && ", regs) + ")");
    }
    String names = m.bundles().stream().map(Policy.Bundle::name).collect(Collectors.joining(", "));
    return new CheckSpec(
        "policy.measurements.bundle",
        m.pos(),
        Optional.empty(),
        "",
        alternatives.isEmpty() ? "false" : String.join(" || ", alternatives),
        Optional.empty(),
        e -> closestBundle(e, m),
        "matches one of: " + names);
  }

  /** Names the bundle with the fewest differing registers and lists each difference. */
  @SuppressWarnings("unchecked")
  static String closestBundle(Map<String, Object> e, Policy.Measurements m) {
    Map<String, String> measured = (Map<String, String>) e.get("measurements");
    Map<String, String> bound = (Map<String, String>) e.get("bound");
    // A bundle whose registers the evidence does not have at all is for another TEE: rank it
    // after every bundle the evidence could have matched, then by the number of differences.
    record Diff(Policy.Bundle bundle, int absent, List<String> diffs) {}
    Optional<Diff> best =
        m.bundles().stream()
            .map(
                b -> {
                  List<String> diffs = new ArrayList<>();
                  int[] absent = {0};
                  b.registers()
                      .forEach(
                          (k, v) -> {
                            String actual = measured.get(k);
                            String how = bound.getOrDefault("measurements." + k, "");
                            if (actual == null) {
                              absent[0]++;
                              diffs.add(
                                  k
                                      + ": expected "
                                      + Hex.abbreviate(v.value())
                                      + ", evidence has none");
                            } else if (!actual.equals(v.value())) {
                              diffs.add(
                                  k
                                      + ": expected "
                                      + Hex.abbreviate(v.value())
                                      + ", got "
                                      + Hex.abbreviate(actual));
                            } else if (!PROVEN.contains(how)) {
                              diffs.add(
                                  k
                                      + ": value matches but is "
                                      + (how.isEmpty() ? "not bound" : how)
                                      + ", not proven");
                            }
                          });
                  String serviceTd = measured.getOrDefault("mr_servicetd", NO_SERVICE_TD);
                  if (!b.registers().containsKey("mr_servicetd")
                      && !serviceTd.equals(NO_SERVICE_TD)) {
                    diffs.add(
                        "mr_servicetd: expected zero (the bundle pins no service TD), got "
                            + Hex.abbreviate(serviceTd));
                  }
                  return new Diff(b, absent[0], diffs);
                })
            .min(Comparator.comparingInt(Diff::absent).thenComparingInt(d -> d.diffs().size()));
    return best.map(
            d ->
                "no bundle matches; closest is '"
                    + d.bundle().name()
                    + "': "
                    + String.join("; ", d.diffs()))
        .orElse("no bundle pinned");
  }

  private static CheckSpec pins(Policy.Pins p) {
    List<String> values = p.values().stream().map(Located::value).toList();
    String cond;
    String what = p.section() + "." + p.key();
    if (p.field().equals("signers")) {
      cond =
          "evidence.signers.exists(s, s.address_or_key.lowerAscii() in "
              + CelLiterals.list(values)
              + " && s.bound_by in "
              + CelLiterals.list(p.bindings())
              + ")";
    } else if (p.field().equals("provenance")) {
      // Every image digest must be the subject of a verified provenance whose signer is a pinned
      // repository, or a pinned workflow of one ("<repository>/<workflow path>", any ref).
      cond =
          "size(evidence.workload.image_digests) > 0 && evidence.workload.image_digests.all(d,"
              + " evidence.provenance.exists(p, p.verified && p.digest.lowerAscii() == d.lowerAscii()"
              + " && "
              + CelLiterals.list(values)
              + ".exists(r, r == p.repository || (p.repository + '/' + p.workflow_ref).startsWith(r"
              + " + '@'))))"
              + " && "
              + proven("workload.image_digests");
    } else if (p.field().equals("workload.image_digests")) {
      cond =
          "size(evidence.workload.image_digests) > 0 && evidence.workload.image_digests.all(d, d.lowerAscii() in "
              + CelLiterals.list(values)
              + ")"
              + " && "
              + proven(p.field());
    } else {
      cond =
          "evidence."
              + p.field()
              + ".lowerAscii() in "
              + CelLiterals.list(values)
              + " && "
              + proven(p.field());
    }
    return new CheckSpec(
        p.checkId(),
        p.pos(),
        Optional.empty(),
        "",
        cond,
        Optional.empty(),
        e -> pinReason(e, p),
        "pinned by " + what);
  }

  /**
   * The value at {@code field} is proven: a {@code bound} entry says how, and not self_reported. An
   * absent entry proves nothing.
   */
  private static String proven(String field) {
    return "evidence.bound[?"
        + CelLiterals.str(field)
        + "].orValue('') in "
        + CelLiterals.list(PROVEN);
  }

  @SuppressWarnings("unchecked")
  private static String pinReason(Map<String, Object> e, Policy.Pins p) {
    Map<String, String> bound = (Map<String, String>) e.get("bound");
    String what = p.section() + "." + p.key();
    if (p.field().equals("signers")) {
      List<Map<String, Object>> signers = (List<Map<String, Object>>) e.get("signers");
      if (signers.isEmpty()) {
        return "no signer is bound to the evidence; " + what + " needs one of " + abbreviated(p);
      }
      return "bound signers "
          + signers.stream()
              .map(s -> s.get("address_or_key") + " (" + s.get("bound_by") + ")")
              .toList()
          + " are not in "
          + what
          + " with bindings "
          + p.bindings();
    }
    if (p.field().equals("provenance")) {
      return provenanceReason(e, p);
    }
    String[] path = p.field().split("\\.");
    Object actual = ((Map<String, Object>) e.get(path[0])).get(path[1]);
    String how = bound.getOrDefault(p.field(), "");
    if (actual instanceof String s && s.isEmpty()) {
      return "the evidence has no proven "
          + path[1]
          + (how.equals("self_reported") ? " (it states one, but only as self_reported)" : "")
          + "; "
          + what
          + " pins "
          + abbreviated(p);
    }
    if (how.equals("self_reported")) {
      return path[1] + " " + actual + " is self_reported, which never satisfies a pin";
    }
    if (!PROVEN.contains(how)) {
      return path[1]
          + " "
          + actual
          + " has no bound entry saying how it is proven, so it cannot satisfy a pin";
    }
    return path[1] + " " + actual + " is not in " + what;
  }

  /** Which image digest no verified provenance of a pinned repository or workflow vouches for. */
  @SuppressWarnings("unchecked")
  private static String provenanceReason(Map<String, Object> e, Policy.Pins p) {
    List<String> digests = list(e, "workload", "image_digests");
    List<String> pinned = p.values().stream().map(Located::value).toList();
    if (digests.isEmpty()) {
      return "the evidence names no proven image digest; workload.imageProvenance needs one signed by "
          + pinned;
    }
    List<Map<String, Object>> prov =
        (List<Map<String, Object>>) e.getOrDefault("provenance", List.of());
    for (String d : digests) {
      List<Map<String, Object>> same =
          prov.stream().filter(x -> d.equalsIgnoreCase(String.valueOf(x.get("digest")))).toList();
      if (same.isEmpty()) {
        return "image " + d + " is the subject of no provenance (give its release with --release)";
      }
      if (same.stream().noneMatch(x -> Boolean.TRUE.equals(x.get("verified")))) {
        return "the provenance of image " + d + " did not verify";
      }
      boolean pinnedSigner =
          same.stream()
              .anyMatch(
                  x ->
                      pinned.stream()
                          .anyMatch(
                              r ->
                                  r.equals(x.get("repository"))
                                      || (x.get("repository") + "/" + x.get("workflow_ref"))
                                          .startsWith(r + "@")));
      if (!pinnedSigner) {
        return "image "
            + d
            + " is vouched for by "
            + same.stream().map(x -> x.get("repository") + "/" + x.get("workflow_ref")).toList()
            + ", not by a pinned repository or workflow "
            + pinned;
      }
    }
    String how = ((Map<String, String>) e.get("bound")).getOrDefault("workload.image_digests", "");
    return "the image digests are "
        + (how.isEmpty() ? "not proven" : how)
        + ", which never satisfies a pin";
  }

  private static String abbreviated(Policy.Pins p) {
    return p.values().stream().map(v -> Hex.abbreviate(v.value())).toList().toString();
  }

  private static List<String> notIn(List<String> have, List<String> allowed) {
    return have.stream().filter(a -> !allowed.contains(a)).toList();
  }

  @SuppressWarnings("unchecked")
  static String str(Map<String, Object> e, String... path) {
    Object v = e;
    for (String p : path) {
      v = v instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(p) : null;
    }
    return v == null ? "" : v.toString();
  }

  @SuppressWarnings("unchecked")
  static List<String> list(Map<String, Object> e, String... path) {
    Object v = e;
    for (String p : path) {
      v = v instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(p) : null;
    }
    return v instanceof List<?> l ? (List<String>) l : List.of();
  }
}
