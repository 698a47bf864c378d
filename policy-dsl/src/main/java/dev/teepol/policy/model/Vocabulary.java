package dev.teepol.policy.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The fixed words of the policy language: TEEs, TCB statuses, registers and their sizes. */
public final class Vocabulary {
  /** TEE ids a substrate claim may name, with the words used in messages. */
  public static final Map<String, String> TEES =
      ordered(
          "tdx",
          "Intel TDX",
          "sgx",
          "Intel SGX",
          "sev-snp",
          "AMD SEV-SNP",
          "sev",
          "AMD SEV (memory encryption without integrity)",
          "sev-es",
          "AMD SEV-ES (memory encryption without integrity)",
          "tpm",
          "TPM 2.0",
          "mock",
          "the mock attester (no TEE)");

  /**
   * TEEs whose vendor publishes a TCB (Intel TCB info, AMD's reported TCB): their evidence is
   * always judged by the TCB checks, whatever {@code tcb.appliesTo} says, so naming another TEE
   * there can never let an out-of-date platform escape.
   */
  public static final List<String> VENDOR_TCB_TEES = List.of("tdx", "sgx", "sev-snp");

  /**
   * Evidence kinds that carry an attestation service's verdict on a TD instead of the TD report (a
   * Confidential Space token: Google's service judged the TD and its TCB). The TD-report checks
   * that need TD_ATTRIBUTES cannot apply to them; the service's judgement stands in.
   */
  public static final List<String> SERVICE_JUDGED_KINDS = List.of("confidential-space");

  public static final List<String> TCB_STATUSES =
      List.of(
          "UpToDate",
          "SWHardeningNeeded",
          "ConfigurationNeeded",
          "ConfigurationAndSWHardeningNeeded",
          "OutOfDate",
          "OutOfDateConfigurationNeeded");

  public static final List<String> BINDINGS =
      List.of("hardware", "replay", "report_data", "mr_config", "signature");

  /**
   * TD_ATTRIBUTES bits every policy requires of a TD unless it names them in {@code
   * substrate.allowMissingTdAttributes}, by their Intel ABI names.
   */
  public static final List<String> REQUIRED_TD_ATTRIBUTES = List.of("SEPT_VE_DISABLE");

  /** The AMD TCB components {@code tcb.minimum} may name, in TCB_VERSION order (FMC: Turin). */
  public static final List<String> SNP_TCB_COMPONENTS = List.of("fmc", "bl", "tee", "snp", "ucode");

  /**
   * SEV-SNP guest policy bits a policy may constrain (ABI #56860, GUEST_POLICY), camelCase as
   * written in {@code substrate.snp.guestPolicy}, to their evidence key and default: permissions
   * ({@code allow}/{@code deny}) and requirements ({@code require}/{@code optional}). SMT is
   * allowed by default (nearly every SEV-SNP guest in service allows it; deny it by name), a
   * migration agent and CXL memory are denied; requirements are optional. DEBUG is {@code
   * substrate.allowDebug}.
   */
  public static final Map<String, String[]> SNP_POLICY_DEFAULTS = snpPolicy();

  private static Map<String, String[]> snpPolicy() {
    Map<String, String[]> m = new LinkedHashMap<>();
    m.put("smt", new String[] {"smt", "allow"});
    m.put("migrateMa", new String[] {"migrate_ma", "deny"});
    m.put("cxlAllow", new String[] {"cxl_allow", "deny"});
    m.put("singleSocket", new String[] {"single_socket", "optional"});
    m.put("memAes256Xts", new String[] {"mem_aes_256_xts", "optional"});
    m.put("raplDis", new String[] {"rapl_dis", "optional"});
    m.put("ciphertextHidingDram", new String[] {"ciphertext_hiding_dram", "optional"});
    m.put("pageSwapDisable", new String[] {"page_swap_disable", "optional"});
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Digest algorithms every policy refuses a TPM quote to rely on (its PCR bank or its signature
   * hash) unless it names them in {@code substrate.allowWeakDigests}: SHA-1 collisions are
   * practical.
   */
  public static final List<String> WEAK_DIGESTS = List.of("SHA1");

  /** Register name → length in hex digits (0 = any even length). */
  public static final Map<String, Integer> REGISTERS = registers();

  private static final Pattern PCR =
      Pattern.compile("(?:(sha1|sha256|sha384|sha512):)?pcr([0-9]|1[0-9]|2[0-3])");

  private Vocabulary() {}

  public static String teeName(String tee) {
    return TEES.getOrDefault(tee, tee.isEmpty() || tee.equals("none") ? "no TEE evidence" : tee);
  }

  /** The hex length of a register, or empty when the name is not a register. */
  public static Optional<Integer> registerLength(String name) {
    Integer n = REGISTERS.get(name);
    if (n != null) {
      return Optional.of(n);
    }
    var m = PCR.matcher(name);
    if (m.matches()) {
      String bank = m.group(1);
      return Optional.of(
          bank == null
              ? 0
              : switch (bank) {
                case "sha1" -> 40;
                case "sha256" -> 64;
                case "sha384" -> 96;
                default -> 128;
              });
    }
    return Optional.empty();
  }

  private static Map<String, Integer> registers() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (String r :
        List.of(
            "mrtd",
            "rtmr0",
            "rtmr1",
            "rtmr2",
            "rtmr3",
            "mr_seam",
            "mr_signer_seam",
            "mr_config_id",
            "mr_owner",
            "mr_owner_config",
            "mr_servicetd",
            "measurement",
            "id_key_digest",
            "author_key_digest")) {
      m.put(r, 96);
    }
    for (String r : List.of("td_attributes", "xfam", "seam_attributes", "policy")) {
      m.put(r, 16);
    }
    for (String r :
        List.of("tee_tcb_svn", "tee_tcb_svn2", "family_id", "image_id", "attributes", "cpu_svn")) {
      m.put(r, 32);
    }
    for (String r : List.of("mr_enclave", "mr_signer", "host_data")) {
      m.put(r, 64);
    }
    m.put("misc_select", 8);
    m.put("isv_prod_id", 0);
    m.put("isv_svn", 0);
    m.put("guest_svn", 0);
    m.put("vmpl", 0);
    m.put("chip_id", 128);
    m.put("report_id", 64);
    return java.util.Collections.unmodifiableMap(m);
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
