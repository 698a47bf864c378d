package dev.teepol.core.evidence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the development attester's answer says (docs/providers/mock.md): which challenge it answers
 * and which key made its HMAC. A mock attestation proves only that somebody holding the key
 * answered; it never proves a TEE ({@code platform.tee} is always {@code mock}).
 *
 * @param keyId a short identifier of the key the HMAC verified with (not the key: the first 8 bytes
 *     of HMAC-SHA256(key, "teepol mock key id"), hex); "" when no key verified it
 * @param publishedKey the name of a published default key the HMAC verified with (Blindference's
 *     {@code weloveblindference}): anyone can answer with it, so policies refuse it unless they
 *     name it; "" for a private key
 */
public record MockAttestation(
    String challengeId,
    String keyId,
    String publishedKey,
    Optional<Instant> issuedAt,
    Optional<Instant> expiresAt) {
  /**
   * HMAC keys that projects publish as defaults, by name (the name is the key's text): answers made
   * with them prove nothing, since anyone can compute them. Blindference's nodes and backend use
   * {@code weloveblindference} unless configured otherwise.
   */
  public static final List<String> PUBLISHED_KEYS = List.of("weloveblindference");

  public static final MockAttestation NONE =
      new MockAttestation("", "", "", Optional.empty(), Optional.empty());
}
