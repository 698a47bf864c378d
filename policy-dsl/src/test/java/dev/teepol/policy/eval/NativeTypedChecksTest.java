package dev.teepol.policy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.CollateralInfo;
import dev.teepol.core.evidence.CosLaunch;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.GceInstance;
import dev.teepol.core.evidence.Gpu;
import dev.teepol.core.evidence.Kms;
import dev.teepol.core.evidence.MockAttestation;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.evidence.Platform;
import dev.teepol.core.evidence.Provenance;
import dev.teepol.core.evidence.Signer;
import dev.teepol.core.evidence.SnpGuest;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.core.evidence.TdAttributes;
import dev.teepol.core.evidence.Tpm;
import dev.teepol.core.evidence.TpmAk;
import dev.teepol.core.evidence.TpmBoot;
import dev.teepol.core.evidence.TpmQuote;
import dev.teepol.core.evidence.Workload;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.policy.compile.CompiledCheck;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Judgement;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Every check generated from a typed section is judged natively and by its CEL form on generated
 * policies (every typed section, random parameters) and generated evidence (every TEE kind, empty
 * and missing fields, odd strings, components): outcome, reason, detail and source must be
 * identical for every check id, on the primary evidence and on every component. Where the native
 * form hands an input to CEL, CEL must have failed to evaluate it (that is the only reason to).
 * After the run, every typed check id must have been seen both passing and failing natively, so the
 * property cannot hold vacuously.
 */
class NativeTypedChecksTest {
  static final Instant BASE = Instant.parse("2026-03-01T12:00:00Z");
  static final String A = "a".repeat(96);
  static final String B = "B".repeat(96).toLowerCase(java.util.Locale.ROOT);
  static final String ZERO = "0".repeat(96);
  static final String C = "c".repeat(96);
  static final List<String> HEX = List.of(A, B, C, ZERO, "");
  static final List<String> TEES =
      List.of("tdx", "sgx", "sev-snp", "sev", "sev-es", "tpm", "mock", "none", "nvidia");
  static final List<String> KINDS =
      List.of(
          "",
          "tdx",
          "dstack",
          "sgx",
          "sev-snp",
          "confidential-space",
          "tpm",
          "mock",
          "near",
          "nras");
  static final List<String> STATUSES =
      List.of(
          "",
          "UpToDate",
          "SWHardeningNeeded",
          "ConfigurationNeeded",
          "OutOfDate",
          "OutOfDateConfigurationNeeded",
          "Revoked");
  static final List<String> ADVISORIES = List.of("INTEL-SA-00001", "INTEL-SA-00002", "SA-3");
  static final List<String> COMPONENT_VALUES =
      List.of("0", "3", "7", "14", "255", "-1", "", "x", "07", "+3", "99999999999999999999");
  static final List<String> SVNS = List.of("0", "2", "5", "", "x", "-1", "05", " 2");
  static final List<String> IDS = List.of("", "abc", "ABC", "def", "ÄBC", "0xabc");
  static final List<String> DIGESTS = List.of("sha256:aa", "SHA256:AA", "sha256:bb", "");
  static final List<String> REPOS =
      List.of("https://github.com/org/a", "https://github.com/org/b", "");
  static final List<String> WORKFLOWS =
      List.of(".github/workflows/release.yml@refs/tags/v1", "x@y", "");
  static final List<String> SNP_BITS =
      List.of(
          "smt",
          "migrate_ma",
          "cxl_allow",
          "single_socket",
          "mem_aes_256_xts",
          "rapl_dis",
          "ciphertext_hiding_dram",
          "page_swap_disable",
          "debug");
  static final List<Instant> INSTANTS =
      List.of(
          BASE.minus(Duration.ofDays(3)),
          BASE.minus(Duration.ofDays(12)),
          BASE.minus(Duration.ofDays(40)).plusNanos(1),
          BASE.minus(Duration.ofDays(30)),
          BASE.plus(Duration.ofDays(2)),
          Instant.parse("1970-01-01T00:00:00.000000001Z"),
          Instant.parse("0001-01-01T00:00:00Z"),
          Instant.parse("-0500-01-01T00:00:00Z"),
          Instant.parse("+12000-01-01T00:00:00Z"));

  /** Per check id, the native judgements seen (PASS, FAIL, ...). */
  static final Map<String, Set<Judgement>> SEEN = new ConcurrentHashMap<>();

  /** One evidence judged at one instant. */
  record Case(String policy, Appraisal appraisal, Instant now) {
    @Override
    public String toString() {
      return policy + "\nnow " + now + "\n" + appraisal.evidence() + "\n" + appraisal.components();
    }
  }

  /** A policy and the evidence it judges (compiling is the slow part, so each judges several). */
  record Cases(String policy, List<Case> cases) {}

  @Property(tries = 400)
  void typedChecksJudgeAlikeNativelyAndInCel(@ForAll("cases") Cases cases) throws Exception {
    CompiledPolicy p = compile(cases.policy());
    for (Case c : cases.cases()) {
      judgeBothWays(p, c);
    }
  }

  private static void judgeBothWays(CompiledPolicy p, Case c) {
    Map<String, Object> vars = PolicyEngine.variables(c.appraisal(), c.now());
    @SuppressWarnings("unchecked")
    Map<String, Object> evidence = (Map<String, Object>) vars.get("evidence");
    @SuppressWarnings("unchecked")
    Map<String, Object> components = (Map<String, Object>) vars.get("components");
    for (CompiledCheck check : p.checks()) {
      boolean rule = check.id().startsWith("policy.rule.");
      assertThat(check.nativeCheck().isPresent())
          .as("%s: typed checks have a native form, rules none", check.id())
          .isEqualTo(!rule);
      if (rule) {
        continue;
      }
      same(check, vars, evidence, c);
      if (check.everyComponent()) {
        for (Object component : components.values()) {
          @SuppressWarnings("unchecked")
          Map<String, Object> ce = (Map<String, Object>) component;
          same(check, PolicyEngine.variables(ce, components, c.now()), ce, c);
        }
      }
    }
  }

  /** Every generated policy is valid: a compile error is a fault of the generator. */
  static CompiledPolicy compile(String yaml) {
    try {
      return PolicyCompiler.compile(yaml, "generated.yaml");
    } catch (PolicyCompileException e) {
      throw new AssertionError(e.format() + "\n" + yaml);
    }
  }

  private static void same(
      CompiledCheck check, Map<String, Object> vars, Map<String, Object> evidence, Case c) {
    Judgement j = check.nativeCheck().get().judge(evidence, c.now());
    SEEN.computeIfAbsent(check.id(), k -> ConcurrentHashMap.newKeySet()).add(j);
    CheckResult cel = PolicyEngine.runCel(check, vars, evidence);
    CheckResult engine = PolicyEngine.run(check, vars, evidence, c.now());
    assertThat(engine).as("%s (native %s) on\n%s", check.id(), j, c).isEqualTo(cel);
    if (j == Judgement.ASK_CEL) {
      assertThat(cel.explanation())
          .as("%s handed to CEL, which must have failed to evaluate it, on\n%s", check.id(), c)
          .startsWith("cannot evaluate: ");
    }
  }

  @AfterContainer
  static void everyTypedCheckWasSeenPassingAndFailingNatively() {
    List<String> ids =
        List.of(
            "policy.substrate.tee",
            "policy.substrate.gpu",
            "policy.platform.not_debug",
            "policy.platform.td_attributes",
            "policy.mock.key",
            "policy.platform.weak_digests",
            "policy.platform.mr_servicetd",
            "policy.platform.snp_policy",
            "policy.snp.vmpl",
            "policy.snp.guest_svn",
            "policy.snp.id_key_digest",
            "policy.snp.author_key_digest",
            "policy.tcb.status",
            "policy.tcb.advisories",
            "policy.tcb.minimum",
            "policy.tcb.eval_data_number",
            "policy.tcb.collateral_age",
            "policy.measurements.bundle",
            "policy.workload.compose_hash",
            "policy.workload.app_id",
            "policy.workload.os_image_hash",
            "policy.workload.instance_id",
            "policy.workload.image_digest",
            "policy.workload.image_provenance",
            "policy.kms.root",
            "policy.signers.allowed",
            "policy.freshness.nonce");
    Map<String, Set<Judgement>> seen = new TreeMap<>(SEEN);
    for (String id : ids) {
      assertThat(seen.getOrDefault(id, Set.of()))
          .as("%s judged natively (seen: %s)", id, seen)
          .contains(Judgement.PASS, Judgement.FAIL);
    }
    for (String id :
        List.of(
            "policy.substrate.tee",
            "policy.snp.guest_svn",
            "policy.tcb.status",
            "policy.tcb.eval_data_number",
            "policy.tcb.collateral_age")) {
      assertThat(seen.get(id)).as("%s precondition", id).contains(Judgement.PRECONDITION_UNMET);
    }
    for (String id :
        List.of("policy.snp.guest_svn", "policy.tcb.minimum", "policy.tcb.collateral_age")) {
      assertThat(seen.get(id))
          .as("%s irregular input handed to CEL", id)
          .contains(Judgement.ASK_CEL);
    }
  }

  @Example
  void rulesAndOutputsHaveNoNativeForm() throws Exception {
    CompiledPolicy p =
        PolicyCompiler.compile(
            """
            apiVersion: teepol.dev/v1
            kind: TrustPolicy
            metadata: {name: p}
            spec:
              rules:
                - {name: r, expression: "evidence.platform.tee == 'tdx'"}
            """,
            "p.yaml");
    assertThat(p.checks())
        .filteredOn(c -> c.id().equals("policy.rule.r"))
        .singleElement()
        .satisfies(c -> assertThat(c.nativeCheck()).isEmpty());
    assertThat(p.checks())
        .filteredOn(c -> !c.id().startsWith("policy.rule."))
        .allSatisfy(c -> assertThat(c.nativeCheck()).isPresent());
  }

  @Provide
  Arbitrary<Cases> cases() {
    return Arbitraries.randomValue(
        r -> {
          String policy = policy(r);
          List<Case> cases = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            cases.add(
                new Case(policy, appraisal(r), BASE.plus(Duration.ofHours(r.nextInt(24 * 90)))));
          }
          return new Cases(policy, cases);
        });
  }

  // ---------------------------------------------------------------- policies

  static String policy(Random r) {
    StringBuilder b =
        new StringBuilder(
            "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: gen}\nspec:\n");
    if (r.nextInt(4) > 0) {
      b.append("  substrate:\n");
      List<String> tees = some(r, List.of("tdx", "sgx", "sev-snp", "tpm", "mock", "sev"), 0);
      if (!tees.isEmpty()) {
        b.append("    tee: ").append(tees).append('\n');
      }
      if (r.nextInt(5) == 0) {
        b.append("    allowDebug: true\n");
      }
      if (r.nextInt(5) == 0) {
        b.append("    allowMissingTdAttributes: [SEPT_VE_DISABLE]\n");
      }
      if (r.nextInt(5) == 0 && (tees.isEmpty() || tees.contains("mock"))) {
        b.append("    allowPublishedMockKeys: [weloveblindference]\n");
      }
      if (r.nextInt(5) == 0) {
        b.append("    allowWeakDigests: [SHA1]\n");
      }
      if (r.nextBoolean()) {
        long min = r.nextInt(3);
        b.append("    gpu: {required: ")
            .append(r.nextBoolean())
            .append(", count: {min: ")
            .append(min);
        if (r.nextBoolean()) {
          b.append(", max: ").append(min + r.nextInt(3));
        }
        b.append('}');
        List<String> arch = some(r, List.of("HOPPER", "BLACKWELL"), 0);
        if (!arch.isEmpty()) {
          b.append(", arch: ").append(arch);
        }
        b.append("}\n");
      }
      if (r.nextBoolean()) {
        b.append("    snp:\n");
        List<String> vmpl = some(r, List.of("0", "1", "2", "3"), 0);
        if (!vmpl.isEmpty()) {
          b.append("      vmpl: ").append(vmpl).append('\n');
        }
        if (r.nextBoolean()) {
          b.append("      minGuestSvn: ").append(r.nextInt(4)).append('\n');
        }
        Map<String, String> gp = new LinkedHashMap<>();
        for (String[] bit :
            new String[][] {
              {"smt", "p"}, {"migrateMa", "p"}, {"cxlAllow", "p"},
              {"singleSocket", "q"}, {"memAes256Xts", "q"}, {"ciphertextHidingDram", "q"}
            }) {
          if (r.nextInt(3) == 0) {
            gp.put(
                bit[0],
                bit[1].equals("p")
                    ? (r.nextBoolean() ? "allow" : "deny")
                    : (r.nextBoolean() ? "require" : "optional"));
          }
        }
        if (!gp.isEmpty()) {
          b.append("      guestPolicy: ").append(yamlMap(gp)).append('\n');
        }
        List<String> id = some(r, List.of(A, B, C), 0);
        if (!id.isEmpty()) {
          b.append("      idKeyDigests: ").append(id).append('\n');
        }
        List<String> author = some(r, List.of(A, B, C), 0);
        if (!author.isEmpty()) {
          b.append("      authorKeyDigests: ").append(author).append('\n');
        }
        if (vmpl.isEmpty() && id.isEmpty() && author.isEmpty() && gp.isEmpty()) {
          b.append("      vmpl: [0]\n");
        }
      }
      if (b.toString().endsWith("substrate:\n")) {
        b.append("    allowDebug: false\n");
      }
    }
    if (r.nextInt(4) > 0) {
      b.append("  tcb:\n");
      b.append("    allow: ").append(some(r, STATUSES.subList(1, 6), 1)).append('\n');
      List<String> adv = some(r, ADVISORIES, 0);
      if (!adv.isEmpty()) {
        b.append("    allowAdvisories: ").append(adv).append('\n');
      }
      if (r.nextBoolean()) {
        b.append("    maxCollateralAge: ").append(1 + r.nextInt(40)).append("d\n");
      }
      if (r.nextInt(3) == 0) {
        b.append("    outOfDateGrace: ").append(1 + r.nextInt(20)).append("d\n");
      }
      if (r.nextInt(3) == 0) {
        b.append("    expires: \"")
            .append(BASE.plus(Duration.ofDays(r.nextInt(60) - 20)).toString(), 0, 10)
            .append("\"\n");
      }
      List<String> applies = some(r, List.of("tpm", "mock", "tdx", "sev"), 0);
      if (!applies.isEmpty()) {
        b.append("    appliesTo: ").append(applies).append('\n');
      }
      Map<String, String> minimum = new LinkedHashMap<>();
      for (String comp : List.of("fmc", "bl", "tee", "snp", "ucode")) {
        if (r.nextInt(4) == 0) {
          minimum.put(comp, String.valueOf(r.nextInt(16)));
        }
      }
      if (!minimum.isEmpty()) {
        b.append("    minimum: ").append(yamlMap(minimum)).append('\n');
      }
      if (r.nextInt(3) == 0) {
        b.append("    minEvaluationDataNumber: ").append(r.nextInt(20)).append('\n');
      }
    }
    if (r.nextBoolean()) {
      b.append("  measurements:\n    bundles:\n");
      int n = 1 + r.nextInt(3);
      for (int i = 0; i < n; i++) {
        b.append("      - name: b").append(i).append('\n');
        boolean any = false;
        for (String reg : List.of("mrtd", "rtmr0", "mr_servicetd")) {
          if (r.nextInt(3) > 0 || (!any && reg.equals("mr_servicetd"))) {
            b.append("        ").append(reg).append(": ").append(pick(r, List.of(A, B, C, ZERO)));
            b.append('\n');
            any = true;
          }
        }
      }
    }
    List<String> workload = new ArrayList<>();
    for (String[] pin :
        new String[][] {
          {"composeHashes", "id"}, {"appIds", "id"}, {"osImageHashes", "id"},
          {"instanceIds", "id"}, {"imageDigests", "digest"}, {"imageProvenance", "repo"}
        }) {
      if (r.nextInt(4) == 0) {
        List<String> pool =
            switch (pin[1]) {
              case "id" -> List.of("abc", "def", "ÄBC", "0xABC");
              case "digest" -> List.of("sha256:aa", "SHA256:BB");
              default ->
                  List.of(
                      "https://github.com/org/a",
                      "https://github.com/org/b/.github/workflows/release.yml",
                      "x");
            };
        workload.add("    " + pin[0] + ": " + quoted(some(r, pool, 1)));
      }
    }
    if (!workload.isEmpty()) {
      b.append("  workload:\n").append(String.join("\n", workload)).append('\n');
    }
    if (r.nextInt(4) == 0) {
      b.append("  kms: {allowedRoots: ")
          .append(quoted(some(r, IDS.subList(1, 6), 1)))
          .append("}\n");
    }
    if (r.nextInt(4) == 0) {
      b.append("  signers: {allowed: ")
          .append(quoted(some(r, List.of("0xAbC", "def", "0x0123"), 1)));
      List<String> bindings = some(r, List.of("hardware", "report_data", "signature", "replay"), 0);
      if (!bindings.isEmpty()) {
        b.append(", bindings: ").append(bindings);
      }
      b.append("}\n");
    }
    if (r.nextInt(3) == 0 || b.toString().endsWith("spec:\n")) {
      b.append("  freshness: {requireNonce: ").append(r.nextBoolean()).append("}\n");
    }
    return b.toString();
  }

  static String yamlMap(Map<String, String> m) {
    List<String> parts = new ArrayList<>();
    m.forEach((k, v) -> parts.add(k + ": " + v));
    return "{" + String.join(", ", parts) + "}";
  }

  static String quoted(List<String> l) {
    return l.stream().map(s -> "\"" + s + "\"").toList().toString();
  }

  // ---------------------------------------------------------------- evidence

  static Appraisal appraisal(Random r) {
    Map<String, Appraisal> components = new LinkedHashMap<>();
    int n = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0;
    for (int i = 0; i < n; i++) {
      components.put("node" + i, new Appraisal(evidence(r), List.of()));
    }
    return new Appraisal(evidence(r), List.of(), components);
  }

  static Evidence evidence(Random r) {
    String tee = pick(r, TEES);
    Map<String, String> components = new LinkedHashMap<>();
    for (String c : List.of("fmc", "bl", "tee", "snp", "ucode")) {
      if (r.nextInt(5) > 0) {
        components.put("reported." + c, pick(r, COMPONENT_VALUES));
      }
    }
    Tcb tcb =
        new Tcb(
            pick(r, STATUSES),
            some(r, ADVISORIES, 0),
            Optional.empty(),
            r.nextInt(22) - 2,
            components);
    Optional<Instant> issued =
        r.nextInt(5) == 0 ? Optional.empty() : Optional.of(pick(r, INSTANTS));
    Map<String, Boolean> snpPolicy = new LinkedHashMap<>();
    for (String bit : SNP_BITS) {
      if (r.nextInt(3) > 0) {
        snpPolicy.put(bit, r.nextBoolean());
      }
    }
    Platform platform =
        new Platform(
            tee,
            pick(r, List.of("intel", "amd", "", "nvidia")),
            r.nextInt(5) == 0,
            tcb,
            new CollateralInfo(issued, Optional.empty(), ""),
            new TdAttributes(r.nextInt(4) > 0, r.nextBoolean(), false, false),
            new SnpGuest("", "", r.nextInt(6) - 1, snpPolicy, Map.of()));
    Map<String, String> measurements = new LinkedHashMap<>();
    for (String reg :
        List.of("mrtd", "rtmr0", "mr_servicetd", "id_key_digest", "author_key_digest")) {
      if (r.nextInt(4) > 0) {
        measurements.put(reg, pick(r, HEX));
      }
    }
    if (r.nextInt(3) > 0) {
      measurements.put("guest_svn", pick(r, SVNS));
    }
    Map<String, Binding> bound = new LinkedHashMap<>();
    for (String path :
        List.of(
            "measurements.mrtd",
            "measurements.rtmr0",
            "measurements.mr_servicetd",
            "measurements.id_key_digest",
            "measurements.author_key_digest",
            "workload.compose_hash",
            "workload.app_id",
            "workload.os_image_hash",
            "workload.instance_id",
            "workload.image_digests",
            "kms.root_key")) {
      if (r.nextInt(5) > 0) {
        bound.put(path, pick(r, List.of(Binding.values())));
      }
    }
    List<Gpu> gpus = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      gpus.add(
          new Gpu(
              i,
              pick(r, List.of("HOPPER", "BLACKWELL", "AMPERE", "")),
              "",
              "",
              "",
              r.nextInt(6) > 0,
              r.nextInt(6) > 0,
              false,
              r.nextInt(6) > 0,
              r.nextInt(6) > 0));
    }
    List<Signer> signers = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      signers.add(
          new Signer(
              "ecdsa",
              pick(r, List.of("0xabc", "0xABC", "DEF", "0x0123", "")),
              pick(r, List.of(Binding.values()))));
    }
    List<Provenance> provenance = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      provenance.add(
          new Provenance(
              "slsa",
              pick(r, REPOS),
              pick(r, WORKFLOWS),
              "",
              pick(r, DIGESTS),
              "",
              r.nextInt(4) > 0));
    }
    Function<List<String>, String> id = l -> pick(r, l);
    Workload workload =
        new Workload(
            id.apply(IDS),
            id.apply(IDS),
            id.apply(IDS),
            "",
            id.apply(IDS),
            "",
            some(r, DIGESTS.subList(0, 3), 0));
    TpmQuote quote =
        new TpmQuote(
            pick(r, List.of("", "sha1", "sha256")),
            List.of(),
            "",
            pick(r, List.of("", "sha1", "sha256")),
            "",
            0,
            0,
            0,
            false,
            "");
    return Evidence.builder(pick(r, KINDS), "s")
        .platform(platform)
        .measurements(measurements)
        .workload(workload)
        .kms(new Kms("", id.apply(IDS)))
        .signers(signers)
        .gpus(gpus)
        .provenance(provenance)
        .nonce(new NonceInfo(pick(r, List.of("", "abcd")), r.nextBoolean()))
        .bound(bound)
        .mock(
            new MockAttestation(
                "",
                "",
                pick(r, List.of("", "weloveblindference", "other")),
                Optional.empty(),
                Optional.empty()))
        .tpm(new Tpm(TpmAk.NONE, quote, TpmBoot.NONE, GceInstance.NONE, CosLaunch.NONE, List.of()))
        .build();
  }

  static <T> T pick(Random r, List<T> l) {
    return l.get(r.nextInt(l.size()));
  }

  /** A random subset of {@code l} in its order, at least {@code min} long. */
  static <T> List<T> some(Random r, List<T> l, int min) {
    List<T> out = new ArrayList<>();
    for (T t : l) {
      if (r.nextBoolean()) {
        out.add(t);
      }
    }
    while (out.size() < min) {
      T t = pick(r, l);
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }
}
