package dev.teepol.providers.sigstore.abi;

import java.security.PublicKey;

/**
 * A log's public key as the trusted root gives it.
 *
 * @param spki the PKIX SubjectPublicKeyInfo DER (what the log id hashes)
 * @param details the trusted root's key details, e.g. {@code PKIX_ECDSA_P256_SHA_256}, {@code
 *     PKIX_ED25519}
 * @param key the decoded key
 */
public record LogKey(byte[] spki, String details, PublicKey key) {}
