package dev.teepol.providers.nras;

import java.util.Locale;

/**
 * Stable ids of the NRAS checks (docs/providers/nras.md). Per-device ids use the device name
 * lowercased without punctuation: {@code GPU-0} → {@code nras.gpu0.signature}.
 */
public final class NrasChecks {
  /** The response decodes: [["JWT", overall], {device: token}], bounded. PARSE. */
  public static final String PARSE = "nras.response.parse";

  /**
   * The overall EAT is ES384-signed by the JWKS key its kid names, and that key's x5c chains to the
   * pinned NRAS intermediate at iat and now ({@link NrasSigningKey}; kid absent from the JWKS or no
   * intermediate pinned: UNEVALUABLE). SIGNATURE.
   */
  public static final String OVERALL_SIGNATURE = "nras.overall.signature";

  /**
   * exp - iat ≤ Limits.maxJwtLifetime, nbf ≤ now &lt; exp and iat ≤ now for the overall EAT, at the
   * injected clock. COLLATERAL.
   */
  public static final String OVERALL_TIME = "nras.overall.time";

  /** x-nvidia-overall-att-result is true. TCB. */
  public static final String OVERALL_RESULT = "nras.overall.result";

  /** The overall eat_nonce equals the caller's nonce. BINDING. */
  public static final String OVERALL_NONCE = "nras.overall.nonce";

  /** submods names exactly the detached tokens, each with SHA-256 of its compact JWS. BINDING. */
  public static final String SUBMODS = "nras.submods";

  /** Per-device check suffixes. */
  public static final String SIGNATURE = "signature";

  public static final String TIME = "time";

  /** The device eat_nonce equals the overall one (and the caller's). BINDING. */
  public static final String NONCE = "nonce";

  /** measres is "success". TCB. */
  public static final String MEASRES = "measres";

  /** secboot is true. TCB. */
  public static final String SECBOOT = "secboot";

  /** dbgstat is "disabled". TCB. */
  public static final String DBGSTAT = "dbgstat";

  /**
   * The GPU attestation report parsed, carried the nonce, was signed and chained to NVIDIA.
   * BINDING.
   */
  public static final String ATTESTATION_REPORT = "attestation_report";

  /**
   * Driver and VBIOS RIMs were fetched, schema-valid, signed, certified and had measurements; arch
   * checked. TCB.
   */
  public static final String RIM = "rim";

  private NrasChecks() {}

  public static String device(String deviceName, String suffix) {
    return "nras." + slug(deviceName) + "." + suffix;
  }

  /**
   * One pass over the (attacker-chosen, length-bounded) name; no regular expression runs on input.
   */
  static String slug(String deviceName) {
    StringBuilder b = new StringBuilder(deviceName.length());
    for (char c : deviceName.toLowerCase(Locale.ROOT).toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        b.append(c);
      }
    }
    return b.toString();
  }
}
