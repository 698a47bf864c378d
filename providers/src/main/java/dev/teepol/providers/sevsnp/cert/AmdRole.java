package dev.teepol.providers.sevsnp.cert;

/** The place of a certificate in AMD's SEV PKI, read from the names AMD gives it. */
public enum AmdRole {
  /** AMD Root Key, self-signed, {@code CN=ARK-<product>}. */
  ARK,
  /** AMD SEV Signing Key, {@code CN=SEV-<product>}, issued by the ARK; certifies VCEKs. */
  ASK,
  /**
   * AMD SEV VLEK Signing Key, {@code CN=SEV-VLEK-<product>}, issued by the ARK; certifies VLEKs.
   */
  ASVK,
  /** Versioned Chip Endorsement Key, {@code CN=SEV-VCEK}, issued by the ASK. */
  VCEK,
  /** Versioned Loaded Endorsement Key, {@code CN=SEV-VLEK}, issued by the ASVK. */
  VLEK
}
