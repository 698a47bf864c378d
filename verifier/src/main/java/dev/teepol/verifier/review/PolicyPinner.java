package dev.teepol.verifier.review;

import dev.teepol.core.verdict.CheckResult;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.model.Located;
import dev.teepol.policy.model.Policy;
import dev.teepol.policy.model.Vocabulary;
import dev.teepol.policy.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes what verified evidence proves into a policy ({@code teepol pin}): a measurement bundle of
 * the identity registers, the workload identities, the KMS root and the signers, each with a
 * comment naming the evidence file, its SHA-256 and the instant it was verified at. Only proven
 * values are written ({@link Observed}); evidence whose checks failed is refused unless the caller
 * gives a reason, which the comment records. Updating a policy adds (a bundle, list items) and
 * never rewrites: comments and key order stay, and a diff of the result shows one widening per new
 * fact.
 */
public final class PolicyPinner {
  private static final List<String> LIST_KEYS =
      List.of(
          "workload.composeHashes",
          "workload.appIds",
          "workload.osImageHashes",
          "workload.imageDigests",
          "kms.allowedRoots",
          "signers.allowed");

  /** The result of an update: the new text, what was added and what was left out (and why). */
  public record Update(String text, List<String> added, List<String> notes) {
    public Update {
      added = List.copyOf(added);
      notes = List.copyOf(notes);
    }
  }

  private PolicyPinner() {}

  /**
   * Refuses evidence with failing checks (debug, a bad signature, a TCB the policy does not allow)
   * unless {@code acceptFailing} gives the reason to pin it anyway.
   */
  public static void refuseFailing(List<Observed> observed, Optional<String> acceptFailing)
      throws PinException {
    List<String> problems = new ArrayList<>();
    for (Observed o : observed) {
      for (CheckResult c : o.failing()) {
        problems.add(
            o.file() + ": " + c.id() + " " + c.outcome().label() + ": " + c.outcome().reason());
      }
    }
    if (!problems.isEmpty() && acceptFailing.filter(r -> !r.isBlank()).isEmpty()) {
      throw new PinException(
          "refusing to pin evidence whose checks did not pass (give --accept-failing \"reason\" to pin it anyway):\n  "
              + String.join("\n  ", problems));
    }
  }

  /** A new policy pinning everything the evidence proves. */
  public static String bootstrap(
      String name, List<Observed> observed, Optional<String> acceptFailing) {
    StringBuilder b = new StringBuilder();
    b.append("# Bootstrapped by teepol pin from ")
        .append(String.join(", ", observed.stream().map(Observed::file).toList()))
        .append(". Every value below was proven by the evidence;\n")
        .append(
            "# review them (and add tcb, freshness and rules) before you rely on this policy.\n")
        .append("apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata:\n  name: ")
        .append(name)
        .append("\n  version: 1\nspec:\n");
    Set<String> tees = new LinkedHashSet<>();
    observed.forEach(o -> tees.add(o.tee()));
    tees.remove("none");
    tees.remove("");
    if (!tees.isEmpty()) {
      b.append("  substrate:\n    tee: [").append(String.join(", ", tees)).append("]\n");
    }
    if (tees.contains("tpm") || tees.contains("mock")) {
      // Without appliesTo the TCB checks judge every TEE, and a TPM has no vendor TCB status: the
      // policy would deny the very evidence it was pinned from. Exempt exactly the pinned TEEs that
      // have none, as builtin:strict does; TEEs with a vendor TCB are judged whatever it says.
      List<String> judged = new ArrayList<>(Vocabulary.VENDOR_TCB_TEES);
      tees.stream()
          .filter(t -> !judged.contains(t) && !t.equals("tpm") && !t.equals("mock"))
          .forEach(judged::add);
      b.append("  tcb:\n    allow: [UpToDate]\n    appliesTo: ").append(judged).append("\n");
    }
    List<String> bundleLines = new ArrayList<>();
    List<Map<String, String>> seen = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Observed o : observed) {
      if (o.registers().isEmpty() || seen.contains(o.registers())) {
        continue;
      }
      seen.add(o.registers());
      bundleLines.add("    # " + comment(o, acceptFailing));
      bundleLines.addAll(indent("    ", bundle(o, names)));
    }
    if (!bundleLines.isEmpty()) {
      b.append("  measurements:\n    bundles:\n");
      bundleLines.forEach(l -> b.append(l).append('\n'));
    }
    Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
    for (String key : LIST_KEYS) {
      String[] sk = key.split("\\.");
      for (Observed o : observed) {
        List<String> items = new ArrayList<>();
        for (String v : o.pins().getOrDefault(key, List.of())) {
          items.add("  # " + comment(o, acceptFailing));
          items.add("  - " + v);
        }
        if (!items.isEmpty()) {
          sections
              .computeIfAbsent(sk[0], k -> new LinkedHashMap<>())
              .computeIfAbsent(sk[1], k -> new ArrayList<>())
              .addAll(items);
        }
      }
    }
    sections.forEach(
        (section, keys) -> {
          b.append("  ").append(section).append(":\n");
          keys.forEach(
              (key, items) -> {
                b.append("    ").append(key).append(":\n");
                dedupe(items).forEach(l -> b.append("    ").append(l).append('\n'));
              });
          if (section.equals("signers")) {
            Set<String> bindings = new LinkedHashSet<>();
            observed.forEach(o -> bindings.addAll(o.signerBindings()));
            b.append("    bindings: [").append(String.join(", ", bindings)).append("]\n");
          }
        });
    return b.toString();
  }

  /**
   * Adds what the evidence proves to an existing policy's text: a new bundle (unless a bundle
   * already accepts these registers), new list items (values already listed are skipped).
   *
   * @param file how messages name the policy
   */
  public static Update into(
      String text, String file, List<Observed> observed, Optional<String> acceptFailing)
      throws PinException {
    Policy policy = compile(text, file).policy();
    List<String> added = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String current = text;
    for (Observed o : observed) {
      String c = comment(o, acceptFailing);
      if (!o.registers().isEmpty()) {
        Optional<String> accepting = acceptingBundle(policy, o.registers());
        if (accepting.isPresent()) {
          notes.add(
              o.file() + ": measurements already accepted by bundle '" + accepting.get() + "'");
        } else {
          Set<String> names = new LinkedHashSet<>();
          policy
              .spec()
              .measurements()
              .ifPresent(m -> m.bundles().forEach(x -> names.add(x.name())));
          List<String> bundle = bundle(o, names);
          current = addBundle(current, file, bundle, c);
          added.add("measurements.bundles: " + bundle.get(0).substring(2) + " (" + o.file() + ")");
        }
      }
      for (String key : LIST_KEYS) {
        List<String> values = o.pins().getOrDefault(key, List.of());
        Optional<Policy.Pins> existing = pins(policy, key);
        List<String> fresh = new ArrayList<>();
        for (String v : values) {
          if (existing
              .map(p -> p.values().stream().map(Located::value).anyMatch(v::equals))
              .orElse(false)) {
            notes.add(o.file() + ": " + key + " already lists " + v);
          } else if (key.equals("signers.allowed")
              && existing.isPresent()
              && !existing.get().bindings().containsAll(o.signerBindings())) {
            notes.add(
                o.file()
                    + ": signer "
                    + v
                    + " is bound by "
                    + o.signerBindings()
                    + ", which signers.bindings "
                    + existing.get().bindings()
                    + " does not allow: not added");
          } else {
            fresh.add(v);
          }
        }
        if (!fresh.isEmpty()) {
          current = addValues(current, file, key, fresh, o.signerBindings(), c);
          fresh.forEach(v -> added.add(key + ": " + v + " (" + o.file() + ")"));
        }
      }
      policy = compile(current, file).policy();
    }
    return new Update(current, added, notes);
  }

  private static Optional<String> acceptingBundle(Policy p, Map<String, String> registers) {
    return p.spec()
        .measurements()
        .flatMap(
            m ->
                m.bundles().stream()
                    .filter(
                        b ->
                            b.registers().entrySet().stream()
                                .allMatch(
                                    e -> e.getValue().value().equals(registers.get(e.getKey()))))
                    .map(Policy.Bundle::name)
                    .findFirst());
  }

  private static String addBundle(String text, String file, List<String> bundle, String comment)
      throws PinException {
    PolicyEdit edit = new PolicyEdit(text, file);
    YamlNode.Mapping spec = edit.spec();
    Optional<YamlNode.Mapping> m = PolicyEdit.child(spec, "measurements");
    if (m.isPresent() && m.get().entries().containsKey("bundles")) {
      edit.appendToList(m.get(), "bundles", bundle, List.of(), comment);
    } else {
      List<String> block =
          new ArrayList<>(List.of("measurements:", "  bundles:", "    # " + comment));
      block.addAll(indent("    ", bundle));
      edit.appendToMapping(spec, keyOf(text, file, "spec"), block);
    }
    return edit.text();
  }

  private static String addValues(
      String text,
      String file,
      String key,
      List<String> values,
      List<String> bindings,
      String comment)
      throws PinException {
    String[] sk = key.split("\\.");
    PolicyEdit edit = new PolicyEdit(text, file);
    YamlNode.Mapping spec = edit.spec();
    Optional<YamlNode.Mapping> section = PolicyEdit.child(spec, sk[0]);
    List<String> items = values.stream().map(v -> "- " + v).toList();
    if (section.isPresent() && section.get().entries().containsKey(sk[1])) {
      edit.appendToList(section.get(), sk[1], items, values, comment);
    } else if (section.isPresent()) {
      List<String> block = new ArrayList<>(List.of(sk[1] + ":", "  # " + comment));
      items.forEach(i -> block.add("  " + i));
      edit.appendToMapping(section.get(), spec.keyPositions().get(sk[0]), block);
    } else {
      List<String> block =
          new ArrayList<>(List.of(sk[0] + ":", "  " + sk[1] + ":", "    # " + comment));
      items.forEach(i -> block.add("    " + i));
      if (sk[0].equals("signers")) {
        block.add("  bindings: [" + String.join(", ", bindings) + "]");
      }
      edit.appendToMapping(spec, keyOf(text, file, "spec"), block);
    }
    return edit.text();
  }

  private static dev.teepol.policy.yaml.SourcePos keyOf(String text, String file, String key)
      throws PinException {
    try {
      if (dev.teepol.policy.yaml.YamlReader.read(text, file) instanceof YamlNode.Mapping m
          && m.keyPositions().containsKey(key)) {
        return m.keyPositions().get(key);
      }
    } catch (dev.teepol.policy.yaml.YamlException e) {
      throw new PinException(file + ": " + e.getMessage());
    }
    throw new PinException(file + ": no " + key);
  }

  private static Optional<Policy.Pins> pins(Policy p, String key) {
    return p.spec().pins().stream()
        .filter(x -> (x.section() + "." + x.key()).equals(key))
        .findFirst();
  }

  /** A bundle's lines, {@code - name: ...} first, with a name not taken yet. */
  private static List<String> bundle(Observed o, Set<String> taken) {
    String base =
        (o.tee().isEmpty() || o.tee().equals("none") ? "pinned" : o.tee())
            + "-"
            + o.sha256().substring(0, 8);
    String name = base;
    for (int i = 2; taken.contains(name); i++) {
      name = base + "-" + i;
    }
    taken.add(name);
    List<String> out = new ArrayList<>();
    out.add("- name: " + name);
    o.registers()
        .forEach((k, v) -> out.add("  " + (k.contains(":") ? "'" + k + "'" : k) + ": " + v));
    return out;
  }

  /** The comment that says where a pinned value came from. */
  static String comment(Observed o, Optional<String> acceptFailing) {
    String base =
        "pinned by teepol pin from " + o.file() + " (sha256 " + o.sha256() + ") verified " + o.at();
    if (o.failing().isEmpty()) {
      return base;
    }
    return base
        + "; ACCEPTED WITH FAILING CHECKS "
        + o.failing().stream().map(CheckResult::id).toList()
        + ": "
        + acceptFailing.orElse("").replace('\n', ' ').strip();
  }

  private static List<String> indent(String prefix, List<String> lines) {
    return lines.stream().map(l -> prefix + l).toList();
  }

  private static List<String> dedupe(List<String> items) {
    // items alternate comment, value: keep the first comment of each value.
    List<String> out = new ArrayList<>();
    Set<String> values = new LinkedHashSet<>();
    for (int i = 0; i + 1 < items.size(); i += 2) {
      if (values.add(items.get(i + 1).toLowerCase(Locale.ROOT))) {
        out.add(items.get(i));
        out.add(items.get(i + 1));
      }
    }
    return out;
  }

  private static CompiledPolicy compile(String text, String file) throws PinException {
    try {
      return PolicyCompiler.compile(text, file);
    } catch (PolicyCompileException e) {
      throw new PinException(file + " does not compile:\n" + e.format());
    }
  }
}
