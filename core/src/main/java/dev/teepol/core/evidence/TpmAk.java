package dev.teepol.core.evidence;

/**
 * The TPM attestation key that signed the quote. Its key pin (SHA-256 of the DER
 * SubjectPublicKeyInfo) is the {@code signers[]} entry with algo {@code tpm-ak}, so policies pin it
 * with {@code signers.allowed}.
 *
 * @param name the TPM name: nameAlg ‖ H(TPMT_PUBLIC), hex, as {@code tpm2_readpublic} prints it
 * @param algorithm {@code rsa-2048}, {@code ecc-nist-p256}, ...
 * @param trustedBy {@code certificate} (an AK certificate chained to a {@code tpm-ak-root} anchor),
 *     {@code pinned} (an operator-pinned key), or {@code ""} (not trusted)
 * @param certificateIssuer the AK certificate's issuer (RFC 2253), "" without one
 * @param certificateSerial its serial number, hex
 * @param manufacturer the TPM manufacturer from a verified AK certificate (TCG tpmManufacturer,
 *     e.g. {@code GOOG}), "" when unknown
 */
public record TpmAk(
    String name,
    String algorithm,
    String trustedBy,
    String certificateIssuer,
    String certificateSerial,
    String manufacturer) {
  public static final TpmAk NONE = new TpmAk("", "", "", "", "", "");
}
