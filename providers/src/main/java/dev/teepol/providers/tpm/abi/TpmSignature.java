package dev.teepol.providers.tpm.abi;

import java.math.BigInteger;

/** A TPMT_SIGNATURE teepol can verify: RSASSA-PKCS1-v1_5, RSA-PSS or ECDSA. */
public sealed interface TpmSignature {
  SigScheme scheme();

  /** The hash the TPM signed with (and computed the quote's PCR digest with). */
  TpmHash hash();

  /** RSASSA or RSAPSS: the signature bytes. The array is never modified. */
  record Rsa(SigScheme scheme, TpmHash hash, byte[] signature) implements TpmSignature {}

  /** ECDSA: r and s. */
  record Ecdsa(TpmHash hash, BigInteger r, BigInteger s) implements TpmSignature {
    @Override
    public SigScheme scheme() {
      return SigScheme.ECDSA;
    }
  }
}
