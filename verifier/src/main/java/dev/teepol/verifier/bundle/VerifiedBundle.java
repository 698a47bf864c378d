package dev.teepol.verifier.bundle;

/**
 * A policy bundle whose signature verified under a trusted signer.
 *
 * @param signer the key id of the trusted signer whose signature verified
 * @param sha256 SHA-256 of the bundle's canonical bytes (what version files record)
 */
public record VerifiedBundle(PolicyBundle bundle, String signer, String sha256) {}
