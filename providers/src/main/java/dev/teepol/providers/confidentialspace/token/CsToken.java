package dev.teepol.providers.confidentialspace.token;

/**
 * A decoded Confidential Space token: the compact JWS exactly as received (what the signature
 * covers is its first two segments) and its typed header and claims. Decoding trusts nothing: the
 * claims mean something only once the signature and the key's chain are verified.
 */
public record CsToken(String compact, TokenHeader header, TokenClaims claims) {}
