package dev.teepol.providers.confidentialspace;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.providers.confidentialspace.token.CsToken;
import dev.teepol.providers.confidentialspace.token.TokenClaims;
import java.util.Optional;

/**
 * What the Confidential Space provider publishes about one token for providers built on it (a
 * release-checked deployment such as the Darkbloom coordinator): the typed token and what was
 * proven about it, decided once where the checks ran.
 *
 * @param token the decoded token; empty when it did not decode (the parse check says why)
 * @param signed the RS256 signature verified with the token's key
 * @param chained the key chains to the pinned Confidential Space root (PKI) or is the configured
 *     JWKS's key (OIDC)
 * @param appraisal the token's normalized evidence and every check run on it
 */
public record VerifiedToken(
    Optional<CsToken> token, boolean signed, boolean chained, Appraisal appraisal) {

  /** Signed by a trusted key: the claims are Google's word. */
  public boolean authentic() {
    return signed && chained;
  }

  /** The claims, only when the token is authentic: nobody builds on an attacker's claims. */
  public Optional<TokenClaims> claims() {
    return authentic() ? token.map(CsToken::claims) : Optional.empty();
  }
}
