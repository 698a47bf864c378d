package dev.teepol.providers.tpm.verify;

import dev.teepol.providers.tpm.abi.AkPublic;
import dev.teepol.providers.tpm.abi.SigScheme;
import dev.teepol.providers.tpm.abi.TpmHash;
import dev.teepol.providers.tpm.abi.TpmSignature;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Optional;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

/**
 * Verifies a TPMT_SIGNATURE over TPMS_ATTEST bytes with the attestation key: RSASSA-PKCS1-v1_5 and
 * RSA-PSS through the JDK, ECDSA through Bouncy Castle. A key bound to a scheme (its TPMT_PUBLIC
 * names one) only verifies signatures made with exactly that scheme and hash, as the TPM itself
 * would only have made those.
 */
public final class QuoteSignatures {
  private QuoteSignatures() {}

  /**
   * @return empty when the signature verifies, else why not
   */
  public static Optional<String> verify(AkPublic ak, byte[] signed, TpmSignature sig) {
    if (ak.scheme().isPresent()) {
      AkPublic.Scheme bound = ak.scheme().get();
      if (bound.scheme() != sig.scheme() || bound.hash() != sig.hash()) {
        return Optional.of(
            "signed with "
                + sig.scheme().label()
                + "/"
                + sig.hash().label()
                + ", but the AK is bound to "
                + bound
                + ": its TPM cannot have made this signature");
      }
    }
    PublicKey key = ak.key();
    boolean ok;
    if (sig instanceof TpmSignature.Rsa rsa) {
      if (!(key instanceof RSAPublicKey rk)) {
        return Optional.of("an RSA signature, but the AK is " + ak.algorithm());
      }
      ok =
          rsa.scheme() == SigScheme.RSASSA
              ? pkcs1(rk, rsa.hash(), signed, rsa.signature())
              : pss(rk, rsa.hash(), signed, rsa.signature());
    } else {
      TpmSignature.Ecdsa ec = (TpmSignature.Ecdsa) sig;
      if (!(key instanceof ECPublicKey)) {
        return Optional.of("an ECDSA signature, but the AK is " + ak.algorithm());
      }
      ok = ecdsa(key, ec, signed);
    }
    return ok
        ? Optional.empty()
        : Optional.of(
            "the "
                + sig.scheme().label()
                + "/"
                + sig.hash().label()
                + " signature does not verify under the AK");
  }

  private static boolean pkcs1(RSAPublicKey key, TpmHash hash, byte[] data, byte[] sig) {
    try {
      Signature s = Signature.getInstance(hash.jcaName().replace("-", "") + "withRSA");
      s.initVerify(key);
      s.update(data);
      return s.verify(sig);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * RSA-PSS with MGF1 of the same hash. TPMs use a salt as long as the digest (FIPS 186 TPMs) or
   * the largest the key allows (TPM 2.0 Part 1, B.7); both are tried.
   */
  private static boolean pss(RSAPublicKey key, TpmHash hash, byte[] data, byte[] sig) {
    int max = (key.getModulus().bitLength() + 7) / 8 - hash.size() - 2;
    for (int salt : new int[] {hash.size(), max}) {
      try {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(
            new PSSParameterSpec(
                hash.jcaName(), "MGF1", new MGF1ParameterSpec(hash.jcaName()), salt, 1));
        s.initVerify(key);
        s.update(data);
        if (s.verify(sig)) {
          return true;
        }
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // try the other salt length; a malformed signature is one that does not verify
      }
    }
    return false;
  }

  private static boolean ecdsa(PublicKey key, TpmSignature.Ecdsa sig, byte[] data) {
    try {
      AsymmetricKeyParameter p = ECUtil.generatePublicKeyParameter(key);
      ECDSASigner v = new ECDSASigner();
      v.init(false, (ECPublicKeyParameters) p);
      // Bouncy Castle truncates a digest longer than the group order and refuses r, s outside
      // [1, n-1].
      return v.verifySignature(sig.hash().hash(data), sig.r(), sig.s());
    } catch (InvalidKeyException | IllegalArgumentException | ClassCastException e) {
      return false;
    }
  }
}
