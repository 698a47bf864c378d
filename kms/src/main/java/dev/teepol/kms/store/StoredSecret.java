package dev.teepol.kms.store;

import dev.teepol.kms.crypto.Envelope;
import java.time.Instant;

/**
 * A secret row as stored: its policy (text and hash), versions, and the envelope (ciphertext,
 * wrapped data key, the id of the master key that wraps it). Never the plaintext.
 */
public record StoredSecret(
    String name,
    String policy,
    String policySha256,
    long policyVersion,
    long secretVersion,
    Envelope.Sealed envelope,
    Instant updatedAt) {}
