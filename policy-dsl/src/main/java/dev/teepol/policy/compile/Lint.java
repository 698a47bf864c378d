package dev.teepol.policy.compile;

import dev.teepol.core.bytes.Hex;
import dev.teepol.policy.model.Located;
import dev.teepol.policy.model.Policy;
import dev.teepol.policy.model.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Warnings about policies that compile but probably do not mean what their authors think. */
final class Lint {
  private static final Pattern TEE_RULE =
      Pattern.compile("^\\s*evidence\\.platform\\.tee\\s*==\\s*['\"]([a-z-]+)['\"]\\s*$");
  private static final Pattern STATUS_RULE =
      Pattern.compile("^\\s*evidence\\.platform\\.tcb\\.status\\s*==\\s*['\"](\\w+)['\"]\\s*$");
  private static final Pattern NOT_DEBUG_RULE =
      Pattern.compile("^\\s*!\\s*evidence\\.platform\\.debug\\s*$");

  private Lint() {}

  static List<Diagnostic> warnings(Policy p) {
    List<Diagnostic> out = new ArrayList<>();
    Policy.Spec s = p.spec();
    List<String> tees =
        s.substrate().map(sub -> sub.tee().stream().map(Located::value).toList()).orElse(List.of());

    if (tees.contains("mock")) {
      out.add(
          Diagnostic.warning(
              s.substrate().get().teePos(),
              "the policy accepts the mock attester (platform.tee == \"mock\"), which proves nothing"));
    } else if (tees.isEmpty()
        // A policy that requires attested GPUs claims its substrate through them (GPU-only
        // evidence).
        && !s.substrate().flatMap(Policy.Substrate::gpu).map(Policy.Gpu::required).orElse(false)) {
      out.add(
          Diagnostic.warning(
              s.pos(),
              "no substrate.tee claim: evidence from any TEE, including the mock attester, passes the substrate"));
    }
    s.substrate()
        .filter(sub -> !sub.allowPublishedMockKeys().isEmpty())
        .ifPresent(
            sub ->
                out.add(
                    Diagnostic.warning(
                        sub.allowPublishedMockKeys().get(0).pos(),
                        "allowPublishedMockKeys "
                            + sub.allowPublishedMockKeys().stream().map(Located::value).toList()
                            + " accepts mock answers anyone can compute: the key is public")));
    s.substrate()
        .filter(Policy.Substrate::allowDebug)
        .ifPresent(
            sub ->
                out.add(
                    Diagnostic.warning(
                        sub.pos(),
                        "allowDebug: true accepts TEEs whose memory the host can read")));
    s.substrate()
        .filter(sub -> sub.allowMissingTdAttributes().contains("SEPT_VE_DISABLE"))
        .ifPresent(
            sub ->
                out.add(
                    Diagnostic.warning(
                        sub.pos(),
                        "allowMissingTdAttributes: [SEPT_VE_DISABLE] accepts TDs in which the host can inject #VE on secure-EPT violations")));
    s.substrate()
        .filter(sub -> sub.allowWeakDigests().contains("SHA1"))
        .ifPresent(
            sub ->
                out.add(
                    Diagnostic.warning(
                        sub.pos(),
                        "allowWeakDigests: [SHA1] accepts TPM quotes over SHA-1 PCR banks or signed with SHA-1, whose collisions are practical")));

    // SEV-SNP guest policy permissions that hand the guest's memory to someone else.
    s.substrate()
        .flatMap(Policy.Substrate::snp)
        .ifPresent(
            snp ->
                snp.guestPolicy()
                    .forEach(
                        (bit, v) -> {
                          if (v.equals("allow") && !bit.equals("smt")) {
                            out.add(
                                Diagnostic.warning(
                                    snp.pos(),
                                    "guestPolicy allows "
                                        + bit.toUpperCase(java.util.Locale.ROOT)
                                        + ": "
                                        + (bit.equals("migrate_ma")
                                            ? "a migration agent can export the guest's memory"
                                            : "the guest's memory may live on CXL devices outside the SoC")));
                          }
                        }));
    s.tcb()
        .ifPresent(
            t -> {
              boolean widened =
                  t.allow().stream()
                          .anyMatch(
                              a -> !a.equals("UpToDate") && Vocabulary.TCB_STATUSES.contains(a))
                      || !t.allowAdvisories().isEmpty();
              if (widened && t.expires().isEmpty()) {
                out.add(
                    Diagnostic.warning(
                        t.pos(),
                        "TCB allowances beyond UpToDate have no expiry date: add tcb.expires so they lapse"));
              }
              // Only TEEs the substrate admits matter: evidence from the others fails
              // policy.substrate.tee anyway.
              List<String> omitted =
                  Vocabulary.VENDOR_TCB_TEES.stream()
                      .filter(
                          v ->
                              !t.appliesTo().isEmpty()
                                  && !t.appliesTo().contains(v)
                                  && (tees.isEmpty() || tees.contains(v)))
                      .toList();
              if (!omitted.isEmpty()) {
                out.add(
                    Diagnostic.warning(
                        t.keyPositions().getOrDefault("appliesTo", t.pos()),
                        "tcb.appliesTo omits "
                            + String.join(", ", omitted)
                            + ", which have a vendor TCB: their evidence is still judged by the TCB checks; appliesTo can only exempt TEEs without one"
                            + " (tpm, mock). List them to say so."));
              }
            });

    s.measurements()
        .ifPresent(
            m ->
                m.bundles()
                    .forEach(
                        b ->
                            b.registers()
                                .forEach(
                                    (k, v) -> {
                                      int len = Vocabulary.registerLength(k).orElse(0);
                                      if (len > 0
                                          && (!Hex.isHex(v.value()) || v.value().length() != len)) {
                                        out.add(
                                            Diagnostic.warning(
                                                v.pos(),
                                                "pin for "
                                                    + k
                                                    + " in bundle '"
                                                    + b.name()
                                                    + "' is not "
                                                    + len
                                                    + " hex digits, so it can never match"));
                                      }
                                    })));
    for (Policy.Pins pins : s.pins()) {
      for (Located<String> v : pins.values()) {
        if (!pins.field().equals("workload.image_digests")
            && !pins.field().equals("provenance")
            && !Hex.isHex(v.value())) {
          out.add(
              Diagnostic.warning(
                  v.pos(),
                  pins.section()
                      + "."
                      + pins.key()
                      + " value '"
                      + v.value()
                      + "' is not hex, so it can never match"));
        }
      }
    }

    for (Policy.Rule r : s.rules()) {
      String e = r.expression().text();
      Matcher tee = TEE_RULE.matcher(e);
      if (tee.matches() && !tees.isEmpty()) {
        out.add(
            Diagnostic.warning(
                r.pos(),
                tees.equals(List.of(tee.group(1)))
                    ? "rule '"
                        + r.name()
                        + "' always holds: substrate.tee already requires "
                        + tee.group(1)
                    : tees.contains(tee.group(1))
                        ? "rule '"
                            + r.name()
                            + "' narrows substrate.tee; narrow substrate.tee instead"
                        : "rule '"
                            + r.name()
                            + "' can never hold: substrate.tee allows only "
                            + tees));
      }
      Matcher st = STATUS_RULE.matcher(e);
      if (st.matches()) {
        List<String> allowed = s.tcb().map(Policy.TcbRules::allow).orElse(List.of("UpToDate"));
        out.add(
            Diagnostic.warning(
                r.pos(),
                allowed.contains(st.group(1)) && allowed.size() == 1
                    ? "rule '"
                        + r.name()
                        + "' always holds: tcb.allow already requires "
                        + st.group(1)
                    : allowed.contains(st.group(1))
                        ? "rule '" + r.name() + "' narrows tcb.allow; narrow tcb.allow instead"
                        : "rule '" + r.name() + "' can never hold with tcb.allow " + allowed));
      }
      if (NOT_DEBUG_RULE.matcher(e).matches()
          && !s.substrate().map(Policy.Substrate::allowDebug).orElse(false)) {
        out.add(
            Diagnostic.warning(
                r.pos(),
                "rule '"
                    + r.name()
                    + "' always holds: debug TEEs are already denied (policy.platform.not_debug)"));
      }
    }
    return out;
  }
}
