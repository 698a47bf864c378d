package dev.teepol.providers.sevsnp.abi;

/** SIGNER_INFO.SIGNING_KEY: which key signed the report. */
public enum SigningKey {
  /** The chip's Versioned Chip Endorsement Key, certified by the ASK. */
  VCEK,
  /** A cloud provider's Versioned Loaded Endorsement Key, certified by the ASVK. */
  VLEK,
  /** Value 7: the report is not signed. */
  NONE;

  static SigningKey of(int v) {
    return switch (v) {
      case 0 -> VCEK;
      case 1 -> VLEK;
      case 7 -> NONE;
      default -> throw new IllegalArgumentException("reserved signing key " + v);
    };
  }
}
