package dev.teepol.server.challenge;

import java.time.Instant;

/**
 * A freshness challenge handed to a client: the nonce its evidence must carry, the token that
 * proves (to any replica holding the challenge key) that this service issued that nonce, and when
 * it stops being accepted.
 *
 * @param token what the client sends back with its evidence ({@code challenge})
 * @param nonce 32 bytes the evidence must carry (TDX: report_data is the nonce zero-padded to 64
 *     bytes; other formats: their own convention)
 * @param expiresAt the last instant the token is accepted
 */
public record Challenge(String token, byte[] nonce, Instant expiresAt) {
  public Challenge {
    nonce = nonce.clone();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }
}
