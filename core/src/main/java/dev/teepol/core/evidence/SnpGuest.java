package dev.teepol.core.evidence;

import java.util.Map;

/**
 * What an AMD SEV-SNP report says about the guest beyond its registers: the product whose keys
 * signed it, which key (VCEK or VLEK), the VMPL that asked for the report, the guest policy the
 * owner set at launch and the PLATFORM_INFO the host configured, each bit by its ABI name in
 * snake_case. Empty (product "", VMPL -1, no bits) for evidence that is not SEV-SNP.
 *
 * @param policy guest policy bits: permissions {@code smt}, {@code migrate_ma}, {@code debug},
 *     {@code cxl_allow}; requirements {@code single_socket}, {@code mem_aes_256_xts}, {@code
 *     rapl_dis}, {@code ciphertext_hiding_dram}, {@code page_swap_disable}
 * @param platformInfo {@code smt_en}, {@code tsme_en}, {@code ecc_en}, {@code rapl_dis}, {@code
 *     ciphertext_hiding_dram_en}, {@code alias_check_complete}, {@code iommu_write_safe}, {@code
 *     tio_en}
 */
public record SnpGuest(
    String product,
    String signingKey,
    long vmpl,
    Map<String, Boolean> policy,
    Map<String, Boolean> platformInfo) {
  public static final SnpGuest NONE = new SnpGuest("", "", -1, Map.of(), Map.of());

  public SnpGuest {
    policy = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(policy));
    platformInfo =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(platformInfo));
  }
}
