package dev.teepol.providers.near;

import java.util.Optional;

/**
 * What a node says about its response-signing key. Nothing here is trusted until the report_data
 * binding holds in a signed quote.
 *
 * @param key the 20-byte address (ecdsa) or 32-byte public key (ed25519) from signing_address
 * @param tlsFingerprint SHA-256 of the node's TLS certificate key, when the report includes it
 * @param publicKey signing_public_key as published, when present
 */
record NodeSigner(
    SigningAlgo algo, byte[] key, Optional<byte[]> tlsFingerprint, Optional<byte[]> publicKey) {
  public NodeSigner {
    key = key.clone();
    tlsFingerprint = tlsFingerprint.map(byte[]::clone);
    publicKey = publicKey.map(byte[]::clone);
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  public String display() {
    return algo.display(key);
  }
}
