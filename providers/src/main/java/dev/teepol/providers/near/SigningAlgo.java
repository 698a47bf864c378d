package dev.teepol.providers.near;

import dev.teepol.core.bytes.Hex;
import java.util.Locale;
import java.util.Optional;

/** The two algorithms NEAR nodes sign responses with, and how each names its key. */
public enum SigningAlgo {
  /** secp256k1 with EIP-191 personal_sign; the "address" is the 20-byte Ethereum address. */
  ECDSA("ecdsa", 20),
  /** Ed25519; the "address" is the raw 32-byte public key. */
  ED25519("ed25519", 32);

  private final String label;
  private final int keyBytes;

  SigningAlgo(String label, int keyBytes) {
    this.label = label;
    this.keyBytes = keyBytes;
  }

  public String label() {
    return label;
  }

  public int keyBytes() {
    return keyBytes;
  }

  public static Optional<SigningAlgo> of(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (SigningAlgo a : values()) {
      if (a.label.equals(n)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * How teepol writes the key in {@code evidence.signers}: Ethereum addresses with 0x (as wallets
   * and NEAR's ecdsa reports show them), Ed25519 keys as bare hex (as NEAR reports show them).
   */
  public String display(byte[] key) {
    return this == ECDSA ? "0x" + Hex.of(key) : Hex.of(key);
  }
}
