package dev.teepol.providers.tpm.abi;

import java.util.Optional;

/** The TPM signature schemes an attestation key may sign a quote with (TPM_ALG_ID). */
public enum SigScheme {
  RSASSA(0x0014, "rsassa"),
  RSAPSS(0x0016, "rsapss"),
  ECDSA(0x0018, "ecdsa");

  /** TPM_ALG_NULL: no scheme fixed by the key. */
  public static final int NULL = 0x0010;

  private final int id;
  private final String label;

  SigScheme(int id, String label) {
    this.id = id;
    this.label = label;
  }

  public int id() {
    return id;
  }

  /** The lowercase name in the evidence model ({@code rsassa}). */
  public String label() {
    return label;
  }

  public boolean rsa() {
    return this != ECDSA;
  }

  public static Optional<SigScheme> byId(int id) {
    for (SigScheme s : values()) {
      if (s.id == id) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
