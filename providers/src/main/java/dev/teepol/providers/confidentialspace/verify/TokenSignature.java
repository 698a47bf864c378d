package dev.teepol.providers.confidentialspace.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import dev.teepol.core.verdict.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;

/**
 * RS256 over the token's first two segments, by Nimbus; nothing else is ever accepted. The header
 * was already decoded strictly (alg RS256, no {@code crit}), so Nimbus is handed the signing input
 * as received instead of decoding the 9 KB header a second time.
 */
final class TokenSignature {
  private static final JWSHeader RS256 = new JWSHeader(JWSAlgorithm.RS256);

  private TokenSignature() {}

  static Outcome verify(String compact, RSAPublicKey key) {
    if (key.getModulus().bitLength() < PkiChain.MIN_RSA_BITS) {
      return Outcome.fail(
          "a "
              + key.getModulus().bitLength()
              + "-bit RSA key, shorter than "
              + PkiChain.MIN_RSA_BITS);
    }
    int last = compact.lastIndexOf('.');
    byte[] signingInput = compact.substring(0, last).getBytes(StandardCharsets.US_ASCII);
    try {
      return new RSASSAVerifier(key)
              .verify(RS256, signingInput, new Base64URL(compact.substring(last + 1)))
          ? Outcome.PASS
          : Outcome.fail("the RS256 signature does not verify with the signing key");
    } catch (JOSEException e) {
      return Outcome.fail("signature cannot be checked: " + e.getMessage());
    }
  }
}
