package dev.teepol.providers.tpm.abi;

import java.security.PublicKey;
import java.util.Optional;

/**
 * A TPMT_PUBLIC of an RSA or ECC signing key (TPM 2.0 Part 2, 12.2.4), decoded into a JCA key. The
 * arrays are the parser's own copies and are never modified.
 *
 * @param raw the exact TPMT_PUBLIC bytes (the TPM name hashes them)
 * @param nameAlg the key's name algorithm
 * @param attributes TPMA_OBJECT
 * @param scheme the signing scheme the key is bound to, empty when TPM_ALG_NULL (any)
 * @param key the public key
 * @param algorithm {@code rsa-2048}, {@code ecc-nist-p256}, ...
 * @param name nameAlg ‖ H_nameAlg(raw): how the TPM names the key (qualifiedSigner builds on it)
 */
public record AkPublic(
    byte[] raw,
    TpmHash nameAlg,
    long attributes,
    Optional<Scheme> scheme,
    PublicKey key,
    String algorithm,
    byte[] name) {

  /** TPMA_OBJECT.fixedTPM: the key cannot leave this TPM. */
  public static final long FIXED_TPM = 1L << 1;

  /** TPMA_OBJECT.fixedParent. */
  public static final long FIXED_PARENT = 1L << 4;

  /** TPMA_OBJECT.sensitiveDataOrigin: the TPM generated the private part. */
  public static final long SENSITIVE_DATA_ORIGIN = 1L << 5;

  /**
   * TPMA_OBJECT.restricted: the key signs only digests the TPM made itself, never data starting
   * with TPM_GENERATED_VALUE, so it cannot be made to sign a forged quote.
   */
  public static final long RESTRICTED = 1L << 16;

  /** TPMA_OBJECT.decrypt. */
  public static final long DECRYPT = 1L << 17;

  /** TPMA_OBJECT.sign. */
  public static final long SIGN = 1L << 18;

  /**
   * TPMA_OBJECT bits the TPM 2.0 specification reserves (0, 3, 8–9, 12–15, 20–31): a TPM refuses to
   * create an object with any of them set (TPM_RC_RESERVED_BITS), so a public area carrying one was
   * not made by a TPM.
   */
  public static final long RESERVED = 0xFFF0_F309L;

  /** What an attestation key must be: a restricted, TPM-generated signing key bound to its TPM. */
  public static final long REQUIRED = FIXED_TPM | SENSITIVE_DATA_ORIGIN | RESTRICTED | SIGN;

  /** A signing scheme with its hash. */
  public record Scheme(SigScheme scheme, TpmHash hash) {
    @Override
    public String toString() {
      return scheme.label() + "/" + hash.label();
    }
  }
}
