package dev.teepol.server.ear;

/**
 * The AR4SI trustworthiness claims teepol makes, with the values it uses for each (draft-ietf-rats-
 * ar4si; the veraison/ear names). {@code affirming} when every check behind the claim passed,
 * {@code failed} when one failed; 0 (no claim) when one could not be judged. docs/service.md has
 * the table of which checks feed which claim.
 */
public enum TrustClaim {
  /** Keys and nonces bound to this instance: BINDING checks, kms, signers, freshness. */
  INSTANCE_IDENTITY("instance-identity", 2, 96),
  /** TCB status and the policy's platform sections; 32 when an allowed TCB is not UpToDate. */
  CONFIGURATION("configuration", 2, 96),
  /** What runs: measurement bundles and workload identities; 33 = unrecognized. */
  EXECUTABLES("executables", 2, 33),
  /** Genuine signatures and chains (99 = cryptographic validation failed). */
  HARDWARE("hardware", 2, 99),
  /** A hardware TEE with its memory encrypted and not in debug mode (96 = visible). */
  RUNTIME_OPAQUE("runtime-opaque", 2, 96),
  /** Collateral: authentic and current (96 = contraindicated sources). */
  SOURCED_DATA("sourced-data", 2, 96);

  /** No claim: could not be judged (RPs must treat it as if absent). */
  public static final int NO_CLAIM = 0;

  /** The evidence did not decode (AR4SI "unexpected evidence"). */
  public static final int UNEXPECTED_EVIDENCE = 1;

  /** An allowed but not UpToDate TCB ("unsafe_config": known vulnerabilities). */
  public static final int UNSAFE_CONFIG = 32;

  private final String key;
  private final int affirming;
  private final int failed;

  TrustClaim(String key, int affirming, int failed) {
    this.key = key;
    this.affirming = affirming;
    this.failed = failed;
  }

  /** The claim's name in {@code ear.trustworthiness-vector}. */
  public String key() {
    return key;
  }

  public int affirming() {
    return affirming;
  }

  public int failed() {
    return failed;
  }

  /** The AR4SI tier of a claim value. */
  public static Tier tier(int value) {
    int v = Math.abs(value);
    if (v <= 1) {
      return Tier.NONE;
    }
    if (v < 32) {
      return Tier.AFFIRMING;
    }
    if (v < 96) {
      return Tier.WARNING;
    }
    return Tier.CONTRAINDICATED;
  }

  /** {@code ear.status}. */
  public enum Tier {
    NONE("none"),
    AFFIRMING("affirming"),
    WARNING("warning"),
    CONTRAINDICATED("contraindicated");

    private final String text;

    Tier(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }
}
