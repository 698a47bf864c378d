package dev.teepol.providers.confidentialspace;

/**
 * Stable ids of the Confidential Space checks (docs/providers/confidentialspace.md). Policies,
 * tests and the corpus runner refer to checks by these ids; renaming one is a breaking change.
 */
public final class ConfidentialSpaceChecks {
  /**
   * The token is one compact JWS within Limits.maxJwtBytes; header and claims decode strictly
   * (duplicate names, wrong JSON types, critical header parameters refused). PARSE.
   */
  public static final String PARSE = "confidential-space.token.parse";

  /**
   * alg is RS256 (every other algorithm is refused) and the signature verifies with the x5c leaf
   * key (PKI) or the JWKS key the kid names (OIDC), an RSA key of at least 2048 bits. SIGNATURE.
   */
  public static final String SIGNATURE = "confidential-space.token.signature";

  /**
   * PKI: x5c[0] is an end-entity signing certificate and the x5c chain validates (JDK PKIX) to the
   * pinned Confidential Space root at the token's iat and at the injected clock. OIDC: the kid
   * names exactly one RS256 signing key of the JWKS the operator configured. CHAIN.
   */
  public static final String CHAIN = "confidential-space.token.chain";

  /**
   * exp and iat present, exp - iat ≤ Limits.maxJwtLifetime, iat, nbf ≤ now &lt; exp at the injected
   * clock. COLLATERAL.
   */
  public static final String TIME = "confidential-space.token.time";

  /** iss is https://confidentialcomputing.googleapis.com. BINDING. */
  public static final String ISSUER = "confidential-space.token.issuer";

  /**
   * aud names the audience the caller expects (UNEVALUABLE when the caller gave none: a token
   * requested by another service must not pass). BINDING.
   */
  public static final String AUDIENCE = "confidential-space.token.audience";

  /**
   * Only with a supplied nonce: an eat_nonce entry is the nonce, as text (its UTF-8 bytes) or in
   * hex. BINDING.
   */
  public static final String NONCE = "confidential-space.token.nonce";

  /**
   * Every header parameter and claim is one teepol knows and hwmodel is a known hardware model;
   * otherwise UNEVALUABLE (a claim teepol cannot interpret might change what the token means).
   * BINDING.
   */
  public static final String CLAIMS = "confidential-space.token.claims";

  private ConfidentialSpaceChecks() {}
}
