package dev.teepol.providers.near;

/**
 * Stable ids of the NEAR provider's checks (docs/providers/near.md). A node's appraisal also
 * carries the {@code tdx.*}, {@code dstack.*} and {@code nras.*} checks of its parts under their
 * own ids; policies and the baseline address a node's checks with its component name ({@code
 * model0:near.report_data.signer}). Renaming an id is a breaking change for policies.
 */
public final class NearChecks {
  /** The report decodes: gzip within the bound, JSON, a gateway or model report shape. PARSE. */
  public static final String REPORT_PARSE = "near.report.parse";

  /**
   * The report has every part its shape requires: a gateway report a gateway node and at least one
   * model node; and no two nodes carry the same TD report (a node copied in under another role).
   * Present on every report that decodes. BINDING.
   */
  public static final String REPORT_STRUCTURE = "near.report.structure";

  /**
   * The node decodes: a hex quote, the event log and info, a known signing algorithm and key.
   * PARSE.
   */
  public static final String NODE_PARSE = "near.node.parse";

  /**
   * The published signing_public_key is the key (ed25519) or the key of the address (ecdsa).
   * BINDING.
   */
  public static final String SIGNING_KEY = "near.signing_key.consistent";

  /**
   * report_data[0:32] is the signing address (ecdsa) or key (ed25519) right-padded with zeros, or
   * SHA-256(address ‖ TLS fingerprint) when the node publishes a fingerprint. BINDING.
   */
  public static final String REPORT_DATA_SIGNER = "near.report_data.signer";

  /**
   * report_data[32:64] is the caller's 32-byte nonce; only when one was supplied (NonceInfo's
   * rule). BINDING.
   */
  public static final String REPORT_DATA_NONCE = "near.report_data.nonce";

  /**
   * A model node publishes its GPU evidence (nvidia_payload); present on every model node. BINDING.
   */
  public static final String GPU_EVIDENCE = "near.gpu.evidence";

  /** The NVIDIA payload decodes: {nonce, arch, evidence_list[]} within the bounds. PARSE. */
  public static final String GPU_PAYLOAD = "near.gpu.payload";

  /**
   * The NVIDIA payload's nonce is the node's binding nonce: the caller's when supplied, else the
   * one in the signed report_data[32:64]. BINDING.
   */
  public static final String GPU_NONCE = "near.gpu.nonce";

  /** An NRAS verdict on the payload was available (recorded or live) and decodes. COLLATERAL. */
  public static final String GPU_NRAS = "near.gpu.nras";

  /** NRAS attested as many GPUs as the payload carries evidence for. BINDING. */
  public static final String GPU_COUNT = "near.gpu.count";

  /**
   * Every verified NRAS device token is about a GPU of this payload: its {@code ueid} is the serial
   * number of the leaf device certificate of exactly one evidence entry, each entry named once.
   * BINDING.
   */
  public static final String GPU_BINDING = "near.gpu.binding";

  private NearChecks() {}
}
