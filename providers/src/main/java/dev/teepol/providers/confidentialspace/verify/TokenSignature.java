package dev.teepol.providers.confidentialspace.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import dev.teepol.core.verdict.Outcome;
import java.security.interfaces.RSAPublicKey;

/** RS256 over the token's first two segments, by Nimbus; nothing else is ever accepted. */
final class TokenSignature {
  private TokenSignature() {}

  static Outcome verify(String compact, RSAPublicKey key) {
    if (key.getModulus().bitLength() < PkiChain.MIN_RSA_BITS) {
      return Outcome.fail(
          "a "
              + key.getModulus().bitLength()
              + "-bit RSA key, shorter than "
              + PkiChain.MIN_RSA_BITS);
    }
    try {
      JWSObject jws = JWSObject.parse(compact);
      if (!JWSAlgorithm.RS256.equals(jws.getHeader().getAlgorithm())) {
        return Outcome.fail("alg " + jws.getHeader().getAlgorithm() + " is not RS256");
      }
      return jws.verify(new RSASSAVerifier(key))
          ? Outcome.PASS
          : Outcome.fail("the RS256 signature does not verify with the signing key");
    } catch (java.text.ParseException | JOSEException e) {
      return Outcome.fail("signature cannot be checked: " + e.getMessage());
    }
  }
}
