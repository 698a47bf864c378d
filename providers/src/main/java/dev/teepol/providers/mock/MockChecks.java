package dev.teepol.providers.mock;

/** Stable ids of the development attester's checks (docs/providers/mock.md). */
public final class MockChecks {
  /**
   * The answer decodes: only the members challengeId, nonce, issuedAt, expiresAt, hmac, each well
   * formed. PARSE.
   */
  public static final String PARSE = "mock.attestation.parse";

  /**
   * The HMAC verifies (constant-time comparison) under a key the caller configured or a published
   * default key; UNEVALUABLE when no key was configured and no published key verifies it.
   * SIGNATURE.
   */
  public static final String HMAC = "mock.hmac";

  /**
   * issuedAt ≤ now &lt; expiresAt at the injected clock (only for a verified answer). COLLATERAL.
   */
  public static final String EXPIRY = "mock.challenge.expiry";

  /** Only with a supplied nonce: the answered challenge's nonce is it (constant-time). BINDING. */
  public static final String NONCE = "mock.nonce";

  private MockChecks() {}
}
