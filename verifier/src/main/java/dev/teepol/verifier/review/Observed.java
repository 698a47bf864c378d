package dev.teepol.verifier.review;

import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.Signer;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.verifier.VerificationResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one verified piece of evidence proves, ready to be pinned: the identity registers, workload
 * identities, KMS root and signers whose {@code bound} entry is a proof. A value that is {@code
 * self_reported} (or has no {@code bound} entry) is never taken; it is named in {@link #unproven()}
 * instead.
 *
 * @param file the evidence file as given
 * @param sha256 the SHA-256 of its bytes, hex
 * @param at the instant it was verified at
 * @param registers register → lowercase hex, only proven ones, in the TEE's identity order
 * @param pins {@code section.key} of the policy (e.g. {@code workload.composeHashes}) → values
 * @param signerBindings the bindings of the pinned signers
 * @param failing the checks that did not pass (pin checks, which pinning exists to satisfy, left
 *     out)
 */
public record Observed(
    String file,
    String sha256,
    Instant at,
    String tee,
    Map<String, String> registers,
    Map<String, List<String>> pins,
    List<String> signerBindings,
    List<String> unproven,
    List<CheckResult> failing) {

  /**
   * The registers that identify a workload, per TEE, in the order they are written. RTMR3 is left
   * to the workload pins when the provider derived a proven workload identity from its event log
   * (dstack), since it changes with every app; zero-valued optional registers are not pinned.
   */
  private static final Map<String, List<String>> IDENTITY =
      Map.of(
          "tdx",
          List.of(
              "mrtd",
              "rtmr0",
              "rtmr1",
              "rtmr2",
              "rtmr3",
              "mr_config_id",
              "mr_owner",
              "mr_owner_config",
              "mr_servicetd"),
          "sgx",
          List.of("mr_enclave", "mr_signer", "isv_prod_id", "isv_svn"),
          "sev-snp",
          List.of("measurement", "host_data", "id_key_digest", "author_key_digest"));

  private static final Set<String> OPTIONAL =
      Set.of(
          "mr_config_id",
          "mr_owner",
          "mr_owner_config",
          "mr_servicetd",
          "host_data",
          "id_key_digest",
          "author_key_digest");

  /**
   * The PCR banks a TPM bundle is pinned from, in order of preference: SHA-256 (what most policies
   * and tools pin), then the stronger banks, SHA-1 last (a policy must allow it by name).
   */
  private static final List<String> PCR_BANKS = List.of("sha256", "sha384", "sha512", "sha1");

  private static final Pattern BANK_PCR =
      Pattern.compile("(sha1|sha256|sha384|sha512):pcr([0-9]|1[0-9]|2[0-3])");

  /** Checks pinning exists to satisfy: their failure never refuses the evidence. */
  private static final Pattern PIN_CHECK =
      Pattern.compile(
          "(?:.*:)?policy\\.(?:measurements\\.bundle|workload\\..*|kms\\.root|signers\\.allowed|platform\\.mr_servicetd)");

  private static final List<String> PROVEN =
      List.of("hardware", "replay", "report_data", "mr_config", "signature");

  public Observed {
    registers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(registers));
    pins = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pins));
    signerBindings = List.copyOf(signerBindings);
    unproven = List.copyOf(unproven);
    failing = List.copyOf(failing);
  }

  /** What a verification result proves. */
  public static Observed of(String file, String sha256, VerificationResult r) {
    Evidence e = r.evidence();
    Map<String, Binding> bound = e.bound();
    List<String> unproven = new ArrayList<>();
    Map<String, List<String>> pins = new LinkedHashMap<>();
    workload(
        e,
        bound,
        "workload.compose_hash",
        e.workload().composeHash(),
        "workload.composeHashes",
        pins,
        unproven);
    workload(e, bound, "workload.app_id", e.workload().appId(), "workload.appIds", pins, unproven);
    workload(
        e,
        bound,
        "workload.os_image_hash",
        e.workload().osImageHash(),
        "workload.osImageHashes",
        pins,
        unproven);
    if (!e.workload().imageDigests().isEmpty()) {
      if (proven(bound, "workload.image_digests")) {
        pins.put(
            "workload.imageDigests",
            e.workload().imageDigests().stream().map(String::toLowerCase).toList());
      } else {
        unproven.add("workload.image_digests");
      }
    }
    workload(e, bound, "kms.root_key", e.kms().rootKey(), "kms.allowedRoots", pins, unproven);
    List<String> signers = new ArrayList<>();
    List<String> bindings = new ArrayList<>();
    for (Signer s : e.signers()) {
      if (s.boundBy() == Binding.SELF_REPORTED) {
        unproven.add("signer " + s.addressOrKey() + " (self_reported)");
        continue;
      }
      signers.add(s.addressOrKey().toLowerCase(java.util.Locale.ROOT));
      if (!bindings.contains(s.boundBy().label())) {
        bindings.add(s.boundBy().label());
      }
    }
    if (!signers.isEmpty()) {
      pins.put("signers.allowed", signers);
    }
    boolean workloadProven =
        pins.containsKey("workload.composeHashes") || pins.containsKey("workload.appIds");
    Map<String, String> registers = new LinkedHashMap<>();
    for (String reg : identity(e.platform().tee(), e.measurements(), bound)) {
      String v = e.measurements().get(reg);
      if (v == null || (OPTIONAL.contains(reg) && v.chars().allMatch(c -> c == '0'))) {
        continue;
      }
      if (reg.equals("rtmr3") && workloadProven) {
        continue;
      }
      if (proven(bound, "measurements." + reg)) {
        registers.put(reg, v.toLowerCase(java.util.Locale.ROOT));
      } else {
        unproven.add("measurements." + reg);
      }
    }
    List<CheckResult> failing =
        r.checks().stream()
            .filter(c -> !c.passed())
            .filter(c -> !PIN_CHECK.matcher(c.id()).matches())
            .toList();
    return new Observed(
        file,
        sha256,
        r.verifiedAt(),
        e.platform().tee(),
        registers,
        pins,
        bindings,
        unproven,
        failing);
  }

  private static List<String> identity(
      String tee, Map<String, String> measured, Map<String, Binding> bound) {
    List<String> regs = IDENTITY.get(tee);
    if (regs != null) {
      return regs;
    }
    // TPMs: the PCRs of one bank, bank-qualified. An unqualified pcrN is the quote's own bank
    // (SHA-384 on a GCE vTPM), so pinning it would say a different thing on another TPM; and one
    // bank is a complete statement, a second only repeats it.
    for (String bank : PCR_BANKS) {
      List<String> pcrs =
          measured.keySet().stream()
              .filter(k -> k.startsWith(bank + ":"))
              .filter(k -> BANK_PCR.matcher(k).matches())
              .sorted(
                  java.util.Comparator.comparingInt(
                      k -> Integer.parseInt(k.substring(k.indexOf(":pcr") + 4))))
              .toList();
      if (pcrs.stream().anyMatch(k -> proven(bound, "measurements." + k))) {
        return pcrs;
      }
    }
    // Nothing proven in any bank (an AK that does not chain), or another TEE: every register it
    // has, each of which is then pinned only if proven and otherwise named unproven.
    return List.copyOf(measured.keySet());
  }

  private static void workload(
      Evidence e,
      Map<String, Binding> bound,
      String field,
      String value,
      String key,
      Map<String, List<String>> pins,
      List<String> unproven) {
    if (value.isEmpty()) {
      return;
    }
    if (proven(bound, field)) {
      pins.put(key, List.of(value.toLowerCase(java.util.Locale.ROOT)));
    } else {
      unproven.add(field);
    }
  }

  private static boolean proven(Map<String, Binding> bound, String path) {
    return Optional.ofNullable(bound.get(path))
        .map(Binding::label)
        .filter(PROVEN::contains)
        .isPresent();
  }
}
