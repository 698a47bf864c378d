package dev.teepol.providers.sigstore.abi;

import java.util.Optional;

/**
 * One transparency log entry of a bundle.
 *
 * @param logIndex the entry's index in the whole log (what the signed entry timestamp signs)
 * @param logId SHA-256 of the log's public key (PKIX DER)
 * @param kind the Rekor entry kind ({@code dsse}, {@code hashedrekord})
 * @param kindVersion its version ({@code 0.0.1})
 * @param integratedTime seconds since the epoch, as the log states it
 * @param signedEntryTimestamp the inclusion promise (SET): the log's signature over the entry
 * @param inclusionProof the RFC 6962 inclusion proof with its checkpoint
 * @param canonicalizedBody the entry body as the log stored it (JSON)
 * @param canonicalizedBodyBase64 the same, base64 exactly as in the bundle (what the SET signs)
 */
public record TlogEntry(
    long logIndex,
    byte[] logId,
    String kind,
    String kindVersion,
    long integratedTime,
    Optional<byte[]> signedEntryTimestamp,
    Optional<InclusionProof> inclusionProof,
    byte[] canonicalizedBody,
    String canonicalizedBodyBase64) {}
