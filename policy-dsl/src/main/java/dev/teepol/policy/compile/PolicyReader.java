package dev.teepol.policy.compile;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.MockAttestation;
import dev.teepol.policy.model.Located;
import dev.teepol.policy.model.Policy;
import dev.teepol.policy.model.Vocabulary;
import dev.teepol.policy.yaml.SourcePos;
import dev.teepol.policy.yaml.YamlNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives policy meaning to a YAML tree: every key is known (else an error with a suggestion), every
 * value has the right shape, and allowlists are never empty. Errors are collected, not thrown one
 * at a time.
 */
final class PolicyReader {
  static final String API_VERSION = "teepol.dev/v1";
  static final String KIND = "TrustPolicy";
  private static final Pattern DURATION = Pattern.compile("(\\d+)([dhms])");

  /** section key → (check id, evidence field) for the pin allowlists. */
  private static final Map<String, String[]> PIN_KEYS =
      Map.of(
          "workload.composeHashes",
              new String[] {"policy.workload.compose_hash", "workload.compose_hash"},
          "workload.appIds", new String[] {"policy.workload.app_id", "workload.app_id"},
          "workload.osImageHashes",
              new String[] {"policy.workload.os_image_hash", "workload.os_image_hash"},
          "workload.instanceIds",
              new String[] {"policy.workload.instance_id", "workload.instance_id"},
          "workload.imageDigests",
              new String[] {"policy.workload.image_digest", "workload.image_digests"},
          "workload.imageProvenance",
              new String[] {"policy.workload.image_provenance", "provenance"},
          "kms.allowedRoots", new String[] {"policy.kms.root", "kms.root_key"},
          "signers.allowed", new String[] {"policy.signers.allowed", "signers"});

  private final Diagnostics d;
  private final String file;

  private PolicyReader(Diagnostics d, String file) {
    this.d = d;
    this.file = file;
  }

  static Optional<Policy> read(YamlNode root, String file, String source, Diagnostics d) {
    return new PolicyReader(d, file).policy(root, source);
  }

  private Optional<Policy> policy(YamlNode root, String source) {
    Optional<YamlNode.Mapping> top = mapping(root, "the policy document");
    if (top.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.Mapping m = top.get();
    keys(m, "policy", Set.of("apiVersion", "kind", "metadata", "spec"));
    String api = string(m, "apiVersion").orElse("");
    if (!api.equals(API_VERSION)) {
      d.error(
          posOf(m, "apiVersion"),
          api.isEmpty()
              ? "apiVersion is required: " + API_VERSION
              : "unsupported apiVersion '" + api + "' (this teepol reads " + API_VERSION + ")");
    }
    String kind = string(m, "kind").orElse("");
    if (!kind.equals(KIND)) {
      d.error(
          posOf(m, "kind"),
          kind.isEmpty()
              ? "kind is required: " + KIND
              : "kind must be " + KIND + ", not '" + kind + "'");
    }
    Policy.Metadata meta = metadata(m.entries().get("metadata"), m.pos());
    YamlNode specNode = m.entries().get("spec");
    if (specNode == null) {
      d.error(m.pos(), "spec is required");
      return Optional.empty();
    }
    return mapping(specNode, "spec").map(s -> new Policy(file, source, meta, spec(s)));
  }

  private Policy.Metadata metadata(YamlNode n, SourcePos parent) {
    if (n == null) {
      d.error(parent, "metadata with a name is required");
      return new Policy.Metadata("", 0, List.of(), "");
    }
    Optional<YamlNode.Mapping> m = mapping(n, "metadata");
    if (m.isEmpty()) {
      return new Policy.Metadata("", 0, List.of(), "");
    }
    keys(m.get(), "metadata", Set.of("name", "version", "owners", "description"));
    String name = string(m.get(), "name").orElse("");
    if (name.isEmpty()) {
      d.error(m.get().pos(), "metadata.name is required");
    }
    long version = integer(m.get(), "version").orElse(0L);
    List<String> owners = strings(m.get(), "owners").stream().map(Located::value).toList();
    return new Policy.Metadata(name, version, owners, string(m.get(), "description").orElse(""));
  }

  private Policy.Spec spec(YamlNode.Mapping s) {
    keys(
        s,
        "spec",
        Set.of(
            "substrate",
            "tcb",
            "measurements",
            "workload",
            "kms",
            "signers",
            "freshness",
            "rules",
            "outputs"));
    Optional<Policy.Substrate> substrate = child(s, "substrate").map(this::substrate);
    Optional<Policy.TcbRules> tcb = child(s, "tcb").map(this::tcb);
    Optional<Policy.Measurements> measurements = child(s, "measurements").map(this::measurements);
    List<Policy.Pins> pins = new ArrayList<>();
    child(s, "workload")
        .ifPresent(
            w -> {
              keys(
                  w,
                  "workload",
                  Set.of(
                      "composeHashes",
                      "appIds",
                      "osImageHashes",
                      "instanceIds",
                      "imageDigests",
                      "imageProvenance"));
              for (String k :
                  List.of(
                      "composeHashes",
                      "appIds",
                      "osImageHashes",
                      "instanceIds",
                      "imageDigests",
                      "imageProvenance")) {
                pins(w, "workload", k, List.of()).ifPresent(pins::add);
              }
              if (w.entries().isEmpty()) {
                d.error(w.pos(), "workload is empty: remove the section or pin a value");
              }
            });
    child(s, "kms")
        .ifPresent(
            k -> {
              keys(k, "kms", Set.of("allowedRoots"));
              pins(k, "kms", "allowedRoots", List.of())
                  .ifPresentOrElse(
                      pins::add,
                      () ->
                          d.error(
                              k.pos(), "kms needs allowedRoots: remove the section or pin a root"));
            });
    child(s, "signers")
        .ifPresent(
            k -> {
              keys(k, "signers", Set.of("allowed", "bindings"));
              List<String> bindings =
                  strings(k, "bindings").stream()
                      .map(
                          b -> {
                            if (!Vocabulary.BINDINGS.contains(b.value())) {
                              d.error(
                                  b.pos(),
                                  "unknown binding '"
                                      + b.value()
                                      + "' (one of "
                                      + Vocabulary.BINDINGS
                                      + ")",
                                  b.value(),
                                  Vocabulary.BINDINGS);
                            }
                            return b.value();
                          })
                      .toList();
              if (k.entries().containsKey("bindings") && bindings.isEmpty()) {
                d.error(
                    posOf(k, "bindings"),
                    "signers.bindings is empty: remove it (any proven binding) or name the bindings");
              }
              pins(k, "signers", "allowed", bindings.isEmpty() ? Vocabulary.BINDINGS : bindings)
                  .ifPresentOrElse(
                      pins::add,
                      () ->
                          d.error(
                              k.pos(),
                              "signers needs an allowed list: remove the section or pin a signer"));
            });
    List<Policy.Rule> rules = rules(s.entries().get("rules"));
    List<Policy.Output> outputs = outputs(s.entries().get("outputs"));
    Optional<Policy.Freshness> freshness = child(s, "freshness").flatMap(this::freshness);
    return new Policy.Spec(substrate, tcb, measurements, pins, rules, outputs, freshness, s.pos());
  }

  private Optional<Policy.Freshness> freshness(YamlNode.Mapping m) {
    keys(m, "freshness", Set.of("requireNonce"));
    if (!m.entries().containsKey("requireNonce")) {
      d.error(m.pos(), "freshness is empty: remove it (no nonce required) or set requireNonce");
      return Optional.empty();
    }
    return bool(m, "requireNonce").map(r -> new Policy.Freshness(r, posOf(m, "requireNonce")));
  }

  private Policy.Substrate substrate(YamlNode.Mapping m) {
    keys(
        m,
        "substrate",
        Set.of(
            "tee",
            "gpu",
            "allowDebug",
            "allowMissingTdAttributes",
            "snp",
            "allowPublishedMockKeys",
            "allowWeakDigests"));
    List<Located<String>> tee = strings(m, "tee");
    if (m.entries().containsKey("tee") && tee.isEmpty()) {
      d.error(
          posOf(m, "tee"),
          "substrate.tee is empty: remove it or name the TEE(s) the service claims");
    }
    for (Located<String> t : tee) {
      if (!Vocabulary.TEES.containsKey(t.value())) {
        d.error(
            t.pos(),
            "unknown TEE '" + t.value() + "' (one of " + Vocabulary.TEES.keySet() + ")",
            t.value(),
            Vocabulary.TEES.keySet());
      }
    }
    Optional<Policy.Gpu> gpu =
        child(m, "gpu")
            .map(
                g -> {
                  keys(g, "substrate.gpu", Set.of("required", "arch", "count"));
                  List<String> arch =
                      strings(g, "arch").stream()
                          .map(a -> a.value().toUpperCase(Locale.ROOT))
                          .toList();
                  if (g.entries().containsKey("arch") && arch.isEmpty()) {
                    d.error(
                        posOf(g, "arch"),
                        "substrate.gpu.arch is empty: remove it or name the architectures");
                  }
                  long min = 1;
                  long max = Long.MAX_VALUE;
                  Optional<YamlNode.Mapping> count = child(g, "count");
                  if (count.isPresent()) {
                    keys(count.get(), "substrate.gpu.count", Set.of("min", "max"));
                    min = integer(count.get(), "min").orElse(1L);
                    max = integer(count.get(), "max").orElse(Long.MAX_VALUE);
                    if (min > max) {
                      d.error(
                          count.get().pos(),
                          "substrate.gpu.count.min " + min + " is above max " + max);
                    }
                  }
                  return new Policy.Gpu(bool(g, "required").orElse(true), arch, min, max, g.pos());
                });
    List<String> allowMissing =
        strings(m, "allowMissingTdAttributes").stream()
            .map(
                a -> {
                  if (!Vocabulary.REQUIRED_TD_ATTRIBUTES.contains(a.value())) {
                    d.error(
                        a.pos(),
                        "'"
                            + a.value()
                            + "' is not a TD attribute policies require (one of "
                            + Vocabulary.REQUIRED_TD_ATTRIBUTES
                            + ")",
                        a.value(),
                        Vocabulary.REQUIRED_TD_ATTRIBUTES);
                  }
                  return a.value();
                })
            .toList();
    if (m.entries().containsKey("allowMissingTdAttributes") && allowMissing.isEmpty()) {
      d.error(
          posOf(m, "allowMissingTdAttributes"),
          "substrate.allowMissingTdAttributes is empty: remove it or name the attributes a TD may lack");
    }
    List<Located<String>> publishedKeys =
        strings(m, "allowPublishedMockKeys").stream()
            .map(
                k -> {
                  if (!MockAttestation.PUBLISHED_KEYS.contains(k.value())) {
                    // Only keys the world already knows may be named: a private key never belongs
                    // in a policy file, and naming one here would not make it verify anyway.
                    d.error(
                        k.pos(),
                        "'"
                            + k.value()
                            + "' is not a published mock key (one of "
                            + MockAttestation.PUBLISHED_KEYS
                            + "); private keys are given to the verifier (--mock-key), never"
                            + " written in a policy",
                        k.value(),
                        MockAttestation.PUBLISHED_KEYS);
                  }
                  return k;
                })
            .toList();
    if (m.entries().containsKey("allowPublishedMockKeys") && publishedKeys.isEmpty()) {
      d.error(
          posOf(m, "allowPublishedMockKeys"),
          "substrate.allowPublishedMockKeys is empty: remove it or name the published keys to accept");
    }
    List<String> weak = named(m, "allowWeakDigests", Vocabulary.WEAK_DIGESTS, "a digest algorithm");
    return new Policy.Substrate(
        tee,
        gpu,
        bool(m, "allowDebug").orElse(false),
        allowMissing,
        m.pos(),
        posOf(m, "tee"),
        child(m, "snp").map(this::snp),
        publishedKeys,
        weak);
  }

  /** {@code substrate.snp}: VMPLs, minimum GUEST_SVN, guest policy bits, ID-block key digests. */
  private Policy.Snp snp(YamlNode.Mapping m) {
    keys(
        m,
        "substrate.snp",
        Set.of("vmpl", "minGuestSvn", "guestPolicy", "idKeyDigests", "authorKeyDigests"));
    if (m.entries().isEmpty()) {
      d.error(m.pos(), "substrate.snp is empty: remove it or constrain the guest");
    }
    List<Long> vmpl = new ArrayList<>();
    for (Located<String> v : strings(m, "vmpl")) {
      long n = smallInt(v, "substrate.snp.vmpl", 3);
      if (n >= 0) {
        vmpl.add(n);
      }
    }
    if (m.entries().containsKey("vmpl") && vmpl.isEmpty()) {
      d.error(posOf(m, "vmpl"), "substrate.snp.vmpl is empty: remove it (any VMPL) or list them");
    }
    Optional<Long> minSvn = integer(m, "minGuestSvn");
    minSvn
        .filter(n -> n < 0 || n > 0xFFFFFFFFL)
        .ifPresent(n -> d.error(posOf(m, "minGuestSvn"), "minGuestSvn must be 0..4294967295"));
    Map<String, String> bits = new LinkedHashMap<>();
    child(m, "guestPolicy")
        .ifPresent(
            g -> {
              keys(g, "substrate.snp.guestPolicy", Vocabulary.SNP_POLICY_DEFAULTS.keySet());
              if (g.entries().isEmpty()) {
                d.error(g.pos(), "substrate.snp.guestPolicy is empty: remove it (the defaults)");
              }
              g.entries()
                  .forEach(
                      (k, v) -> {
                        String[] def = Vocabulary.SNP_POLICY_DEFAULTS.get(k);
                        if (def == null) {
                          return;
                        }
                        List<String> words =
                            def[1].equals("allow") || def[1].equals("deny")
                                ? List.of("allow", "deny")
                                : List.of("require", "optional");
                        scalar(v, "substrate.snp.guestPolicy." + k)
                            .ifPresent(
                                sv -> {
                                  if (!words.contains(sv.text())) {
                                    d.error(
                                        sv.pos(),
                                        "substrate.snp.guestPolicy."
                                            + k
                                            + " is "
                                            + (words.get(0).equals("allow")
                                                ? "a permission the guest grants"
                                                : "a requirement the guest imposes")
                                            + ": one of "
                                            + words
                                            + ", found '"
                                            + sv.text()
                                            + "'",
                                        sv.text(),
                                        words);
                                  } else {
                                    bits.put(def[0], sv.text());
                                  }
                                });
                      });
            });
    return new Policy.Snp(
        List.copyOf(vmpl),
        minSvn,
        bits,
        hexList(m, "idKeyDigests", 96),
        hexList(m, "authorKeyDigests", 96),
        m.keyPositions(),
        m.pos());
  }

  /** A non-empty list of hex values of {@code hexDigits} digits, normalized like pins. */
  private List<Located<String>> hexList(YamlNode.Mapping m, String key, int hexDigits) {
    List<Located<String>> out = new ArrayList<>();
    for (Located<String> v : strings(m, key)) {
      String h = normalizePin(v.value());
      if (h.length() != hexDigits || !dev.teepol.core.bytes.Hex.isHex(h)) {
        d.error(v.pos(), key + ": '" + v.value() + "' is not " + hexDigits + " hex digits");
      }
      out.add(new Located<>(h, v.pos()));
    }
    if (m.entries().containsKey(key) && out.isEmpty()) {
      d.error(posOf(m, key), key + " is empty: remove it or list the digests");
    }
    return out;
  }

  private long smallInt(Located<String> v, String what, long max) {
    try {
      long n = Long.parseLong(v.value().trim());
      if (n >= 0 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    d.error(v.pos(), what + " must be 0.." + max + ", found '" + v.value() + "'");
    return -1;
  }

  /** A non-empty list of names from {@code vocabulary}, each unknown name an error. */
  private List<String> named(YamlNode.Mapping m, String key, List<String> vocabulary, String what) {
    List<String> out =
        strings(m, key).stream()
            .map(
                a -> {
                  if (!vocabulary.contains(a.value())) {
                    d.error(
                        a.pos(),
                        "'"
                            + a.value()
                            + "' is not "
                            + what
                            + " policies refuse (one of "
                            + vocabulary
                            + ")",
                        a.value(),
                        vocabulary);
                  }
                  return a.value();
                })
            .toList();
    if (m.entries().containsKey(key) && out.isEmpty()) {
      d.error(posOf(m, key), "substrate." + key + " is empty: remove it or name what to allow");
    }
    return out;
  }

  private Policy.TcbRules tcb(YamlNode.Mapping m) {
    keys(
        m,
        "tcb",
        Set.of(
            "allow",
            "allowAdvisories",
            "maxCollateralAge",
            "outOfDateGrace",
            "expires",
            "appliesTo",
            "minimum",
            "minEvaluationDataNumber"));
    List<String> allow = new ArrayList<>();
    for (Located<String> s : strings(m, "allow")) {
      if (s.value().equals("Revoked")) {
        d.error(s.pos(), "a Revoked TCB can never be allowed");
      } else if (!Vocabulary.TCB_STATUSES.contains(s.value())) {
        d.error(
            s.pos(), "unknown TCB status '" + s.value() + "'", s.value(), Vocabulary.TCB_STATUSES);
      }
      allow.add(s.value());
    }
    if (m.entries().containsKey("allow") && allow.isEmpty()) {
      d.error(
          posOf(m, "allow"), "tcb.allow is empty: remove it (only UpToDate) or name the statuses");
    }
    List<String> advisories = strings(m, "allowAdvisories").stream().map(Located::value).toList();
    Optional<Duration> maxAge = duration(m, "maxCollateralAge");
    Optional<Duration> grace = duration(m, "outOfDateGrace");
    Optional<Instant> expires = string(m, "expires").flatMap(s -> date(s, posOf(m, "expires")));
    List<String> appliesTo =
        strings(m, "appliesTo").stream()
            .map(
                t -> {
                  if (!Vocabulary.TEES.containsKey(t.value())) {
                    d.error(
                        t.pos(),
                        "unknown TEE '" + t.value() + "' (one of " + Vocabulary.TEES.keySet() + ")",
                        t.value(),
                        Vocabulary.TEES.keySet());
                  }
                  return t.value();
                })
            .toList();
    if (m.entries().containsKey("appliesTo") && appliesTo.isEmpty()) {
      d.error(
          posOf(m, "appliesTo"),
          "tcb.appliesTo is empty: remove it (every TEE) or name the TEEs with a vendor TCB");
    }
    Map<String, Long> minimum = new LinkedHashMap<>();
    child(m, "minimum")
        .ifPresent(
            mm -> {
              keys(mm, "tcb.minimum", new java.util.LinkedHashSet<>(Vocabulary.SNP_TCB_COMPONENTS));
              if (mm.entries().isEmpty()) {
                d.error(mm.pos(), "tcb.minimum is empty: remove it or name the SPLs");
              }
              for (String c : Vocabulary.SNP_TCB_COMPONENTS) {
                integer(mm, c)
                    .ifPresent(
                        n -> {
                          if (n < 0 || n > 255) {
                            d.error(
                                posOf(mm, c), "tcb.minimum." + c + " must be 0..255 (an SPL byte)");
                          } else {
                            minimum.put(c, n);
                          }
                        });
              }
            });
    Optional<Long> minEval = integer(m, "minEvaluationDataNumber");
    minEval
        .filter(n -> n < 0)
        .ifPresent(
            n ->
                d.error(
                    posOf(m, "minEvaluationDataNumber"),
                    "minEvaluationDataNumber must be 0 or more"));
    return new Policy.TcbRules(
        allow.isEmpty() ? List.of("UpToDate") : allow,
        advisories,
        maxAge,
        grace,
        expires,
        appliesTo,
        m.keyPositions(),
        m.pos(),
        minimum,
        minEval);
  }

  private Policy.Measurements measurements(YamlNode.Mapping m) {
    keys(m, "measurements", Set.of("bundles"));
    List<Policy.Bundle> bundles = new ArrayList<>();
    YamlNode b = m.entries().get("bundles");
    Optional<YamlNode.Sequence> seq =
        b == null ? Optional.empty() : sequence(b, "measurements.bundles");
    if (seq.isEmpty() || seq.get().items().isEmpty()) {
      d.error(
          b == null ? m.pos() : b.pos(),
          "measurements.bundles is empty: remove the section or pin a bundle");
      return new Policy.Measurements(bundles, m.pos());
    }
    Set<String> names = new java.util.HashSet<>();
    for (YamlNode item : seq.get().items()) {
      mapping(item, "a bundle")
          .ifPresent(
              bm -> {
                String name = string(bm, "name").orElse("");
                if (name.isEmpty()) {
                  d.error(bm.pos(), "every bundle needs a name");
                } else if (!names.add(name)) {
                  d.error(posOf(bm, "name"), "duplicate bundle name '" + name + "'");
                }
                Map<String, Located<String>> regs = new LinkedHashMap<>();
                bm.entries()
                    .forEach(
                        (k, v) -> {
                          if (k.equals("name")) {
                            return;
                          }
                          SourcePos kp = bm.keyPositions().get(k);
                          if (Vocabulary.registerLength(k).isEmpty()) {
                            d.error(
                                kp,
                                "unknown register '" + k + "'",
                                k,
                                Vocabulary.REGISTERS.keySet());
                            return;
                          }
                          scalar(v, "register " + k)
                              .ifPresent(
                                  s ->
                                      regs.put(
                                          k,
                                          new Located<>(
                                              s.text().toLowerCase(Locale.ROOT), s.pos())));
                        });
                if (regs.isEmpty()) {
                  d.error(bm.pos(), "bundle '" + name + "' pins no register");
                }
                bundles.add(new Policy.Bundle(name, regs, bm.pos()));
              });
    }
    return new Policy.Measurements(bundles, m.pos());
  }

  private Optional<Policy.Pins> pins(
      YamlNode.Mapping m, String section, String key, List<String> bindings) {
    if (!m.entries().containsKey(key)) {
      return Optional.empty();
    }
    List<Located<String>> values =
        strings(m, key).stream().map(v -> new Located<>(normalizePin(v.value()), v.pos())).toList();
    if (values.isEmpty()) {
      d.error(posOf(m, key), section + "." + key + " is empty: remove the section or pin a value");
    }
    String[] target = PIN_KEYS.get(section + "." + key);
    return Optional.of(
        new Policy.Pins(section, key, target[0], target[1], values, bindings, posOf(m, key)));
  }

  /** Pins are compared as lowercase hex without a 0x prefix, the way evidence spells them. */
  static String normalizePin(String v) {
    String t = v.trim().toLowerCase(Locale.ROOT);
    return t.startsWith("0x") && Hex.isHex(t.substring(2)) ? t.substring(2) : t;
  }

  private List<Policy.Rule> rules(YamlNode n) {
    List<Policy.Rule> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    Optional<YamlNode.Sequence> seq = sequence(n, "rules");
    if (seq.isEmpty()) {
      return out;
    }
    Map<String, SourcePos> seen = new LinkedHashMap<>();
    for (YamlNode item : seq.get().items()) {
      mapping(item, "a rule")
          .ifPresent(
              r -> {
                keys(r, "rule", Set.of("name", "expression", "message"));
                String name = string(r, "name").orElse("");
                if (name.isEmpty()) {
                  d.error(r.pos(), "every rule needs a name");
                } else if (!name.matches("[A-Za-z0-9_.-]+")) {
                  d.error(
                      posOf(r, "name"),
                      "rule name '" + name + "' may use only letters, digits, '_', '-' and '.'");
                } else if (seen.containsKey(name)) {
                  d.error(
                      posOf(r, "name"),
                      "duplicate rule name '"
                          + name
                          + "' (first at line "
                          + seen.get(name).line()
                          + ")");
                } else {
                  seen.put(name, posOf(r, "name"));
                }
                YamlNode e = r.entries().get("expression");
                if (e == null) {
                  d.error(r.pos(), "rule '" + name + "' needs an expression");
                  return;
                }
                scalar(e, "expression")
                    .ifPresent(
                        s ->
                            out.add(
                                new Policy.Rule(
                                    name, s, string(r, "message").orElse(""), r.pos())));
              });
    }
    return out;
  }

  private List<Policy.Output> outputs(YamlNode n) {
    List<Policy.Output> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    mapping(n, "outputs")
        .ifPresent(
            m ->
                m.entries()
                    .forEach(
                        (k, v) -> {
                          if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                            d.error(
                                m.keyPositions().get(k),
                                "output name '" + k + "' must be an identifier");
                          }
                          scalar(v, "output " + k)
                              .ifPresent(
                                  s -> out.add(new Policy.Output(k, s, m.keyPositions().get(k))));
                        }));
    return out;
  }

  // --- shape helpers: each reports what it expected where ---

  private void keys(YamlNode.Mapping m, String where, Set<String> allowed) {
    m.entries()
        .keySet()
        .forEach(
            k -> {
              if (!allowed.contains(k)) {
                d.error(
                    m.keyPositions().get(k),
                    "unknown key '"
                        + k
                        + "' in "
                        + where
                        + " (allowed: "
                        + new java.util.TreeSet<>(allowed)
                        + ")",
                    k,
                    allowed);
              }
            });
  }

  private SourcePos posOf(YamlNode.Mapping m, String key) {
    return m.keyPositions().getOrDefault(key, m.pos());
  }

  private Optional<YamlNode.Mapping> child(YamlNode.Mapping m, String key) {
    YamlNode n = m.entries().get(key);
    return n == null ? Optional.empty() : mapping(n, key);
  }

  private Optional<YamlNode.Mapping> mapping(YamlNode n, String what) {
    if (n instanceof YamlNode.Mapping m) {
      return Optional.of(m);
    }
    d.error(n.pos(), what + " must be a map, found " + n.describe());
    return Optional.empty();
  }

  private Optional<YamlNode.Sequence> sequence(YamlNode n, String what) {
    if (n instanceof YamlNode.Sequence s) {
      return Optional.of(s);
    }
    d.error(n.pos(), what + " must be a list, found " + n.describe());
    return Optional.empty();
  }

  private Optional<YamlNode.Scalar> scalar(YamlNode n, String what) {
    if (n instanceof YamlNode.Scalar s) {
      return Optional.of(s);
    }
    d.error(n.pos(), what + " must be a single value, found " + n.describe());
    return Optional.empty();
  }

  private Optional<String> string(YamlNode.Mapping m, String key) {
    YamlNode n = m.entries().get(key);
    return n == null ? Optional.empty() : scalar(n, key).map(YamlNode.Scalar::text);
  }

  private List<Located<String>> strings(YamlNode.Mapping m, String key) {
    YamlNode n = m.entries().get(key);
    if (n == null) {
      return List.of();
    }
    List<Located<String>> out = new ArrayList<>();
    sequence(n, key)
        .ifPresent(
            s ->
                s.items()
                    .forEach(
                        i ->
                            scalar(i, key + " item")
                                .ifPresent(v -> out.add(new Located<>(v.text(), v.pos())))));
    return out;
  }

  private Optional<Long> integer(YamlNode.Mapping m, String key) {
    return string(m, key)
        .flatMap(
            s -> {
              try {
                return Optional.of(Long.parseLong(s.trim()));
              } catch (NumberFormatException e) {
                d.error(posOf(m, key), key + " must be an integer, found '" + s + "'");
                return Optional.empty();
              }
            });
  }

  private Optional<Boolean> bool(YamlNode.Mapping m, String key) {
    return string(m, key)
        .flatMap(
            s -> {
              if (s.equals("true") || s.equals("false")) {
                return Optional.of(Boolean.parseBoolean(s));
              }
              d.error(posOf(m, key), key + " must be true or false, found '" + s + "'");
              return Optional.empty();
            });
  }

  private Optional<Duration> duration(YamlNode.Mapping m, String key) {
    return string(m, key)
        .flatMap(
            s -> {
              Matcher x = DURATION.matcher(s.trim());
              if (x.matches()) {
                long n = Long.parseLong(x.group(1));
                return Optional.of(
                    switch (x.group(2)) {
                      case "d" -> Duration.ofDays(n);
                      case "h" -> Duration.ofHours(n);
                      case "m" -> Duration.ofMinutes(n);
                      default -> Duration.ofSeconds(n);
                    });
              }
              try {
                return Optional.of(Duration.parse(s.trim()));
              } catch (DateTimeParseException e) {
                d.error(
                    posOf(m, key),
                    key + " must be a duration like 30d, 12h or P30D, found '" + s + "'");
                return Optional.empty();
              }
            });
  }

  private Optional<Instant> date(String s, SourcePos pos) {
    try {
      return Optional.of(
          s.length() == 10
              ? LocalDate.parse(s)
                  .atStartOfDay(ZoneOffset.UTC)
                  .toInstant()
                  .plus(Duration.ofDays(1))
                  .minusSeconds(1)
              : Instant.parse(s));
    } catch (DateTimeParseException e) {
      d.error(
          pos,
          "expires must be a date (2026-12-31) or an instant (2026-12-31T00:00:00Z), found '"
              + s
              + "'");
      return Optional.empty();
    }
  }
}
