package dev.teepol.providers.nras;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.jwk.JWKSet;
import dev.teepol.core.limits.Limits;
import dev.teepol.fuzz.Sim;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * One NRAS entity attestation token (compact JWS, ES384) through {@link TokenVerifier}: Nimbus
 * parsing, the kid lookup in the recorded JWKS, the key's certificate chain to the test
 * intermediate, the signature and the time claims. Lives in the provider's package because the
 * verifier is package-private; the file is in the fuzz module with the other targets.
 */
class NrasJwtFuzzTest {
  /** The JWKS and test intermediate recorded in examples/near-signature, at its instant. */
  private static final TokenVerifier.Trust TRUST =
      new TokenVerifier.Trust(
          Optional.of(jwks()),
          "no JWKS",
          List.of(Sim.certificate(Sim.NEAR_SIGNATURE.resolve("nras_intermediate.der"))),
          Clock.fixed(Sim.NEAR_AT, ZoneOffset.UTC),
          Limits.DEFAULT);

  private static JWKSet jwks() {
    try {
      return JWKSet.parse(Sim.text(Sim.NEAR_SIGNATURE.resolve("nras/nras_jwks.json")));
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest
  void verify(byte[] token) {
    String compact = new String(token, StandardCharsets.UTF_8);
    if (compact.length() > Limits.DEFAULT.maxJwtBytes()) {
      return; // NrasResponseParser refuses longer tokens before they reach the verifier
    }
    TokenVerifier.Verified v = TokenVerifier.verify(compact, TRUST);
    if (v.signature() == null || v.time() == null || v.kid() == null) {
      throw new AssertionError("incomplete verdict " + v);
    }
    if (!v.signature().passed() && v.claims().isPresent()) {
      throw new AssertionError("claims of an unverified token handed on");
    }
  }
}
