package dev.teepol.kms.crypto;

import java.util.Locale;
import java.util.Optional;

/** The HPKE KEMs a release can be sealed to (RFC 9180 §7.1), with their public key sizes. */
public enum Kem {
  X25519("X25519", (short) 0x0020, 32),
  P256("P-256", (short) 0x0010, 65);

  private final String label;
  private final short id;
  private final int publicKeyBytes;

  Kem(String label, short id, int publicKeyBytes) {
    this.label = label;
    this.id = id;
    this.publicKeyBytes = publicKeyBytes;
  }

  public String label() {
    return label;
  }

  public short id() {
    return id;
  }

  public int publicKeyBytes() {
    return publicKeyBytes;
  }

  public static Optional<Kem> byLabel(String s) {
    for (Kem k : values()) {
      if (k.label.toLowerCase(Locale.ROOT).equals(s.toLowerCase(Locale.ROOT))) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
