package dev.teepol.providers.tpm.abi;

import dev.teepol.core.bytes.ByteReader;
import dev.teepol.core.bytes.ParseException;
import java.math.BigInteger;

/**
 * TPMT_SIGNATURE (big-endian) → {@link TpmSignature}; the whole input must be the one structure.
 */
public final class TpmSignatureParser {
  /** TPM2B_PUBLIC_KEY_RSA: up to RSA-4096. */
  static final int MAX_RSA = 512;

  /** TPM2B_ECC_PARAMETER: up to P-521. */
  static final int MAX_ECC = 66;

  private TpmSignatureParser() {}

  public static TpmSignature parse(byte[] b) throws ParseException {
    ByteReader r = new ByteReader(b);
    int alg = r.u16be("sigAlg");
    SigScheme scheme =
        SigScheme.byId(alg)
            .orElseThrow(
                () ->
                    new ParseException(
                        "sigAlg",
                        0,
                        String.format(
                            "0x%04x is not RSASSA (0x0014), RSAPSS (0x0016) or ECDSA (0x0018)",
                            alg)));
    int hashAt = r.position();
    int hashId = r.u16be("signature.hash");
    TpmHash hash =
        TpmHash.byId(hashId)
            .orElseThrow(
                () ->
                    new ParseException(
                        "signature.hash", hashAt, "unsupported hash " + TpmHash.describe(hashId)));
    TpmSignature sig;
    if (scheme.rsa()) {
      sig = new TpmSignature.Rsa(scheme, hash, QuoteParser.sized(r, "signature.sig", MAX_RSA));
    } else {
      BigInteger sr = new BigInteger(1, QuoteParser.sized(r, "signature.signatureR", MAX_ECC));
      BigInteger ss = new BigInteger(1, QuoteParser.sized(r, "signature.signatureS", MAX_ECC));
      sig = new TpmSignature.Ecdsa(hash, sr, ss);
    }
    if (r.remaining() != 0) {
      throw new ParseException(
          "TPMT_SIGNATURE", r.position(), r.remaining() + " bytes after the end of the signature");
    }
    return sig;
  }
}
