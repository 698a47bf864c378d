package dev.teepol.providers.tpm.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

/** The AK certificate must certify exactly the AK: same RSA modulus/exponent or same EC point. */
class SameKeyTest {
  private static PublicKey ec(String curve) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve));
    return g.generateKeyPair().getPublic();
  }

  private static PublicKey rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair().getPublic();
  }

  @Test
  void onlyTheSameKeyIsTheSameKey() throws Exception {
    PublicKey p256 = ec("secp256r1");
    PublicKey r = rsa();
    assertThat(AkTrust.sameKey(p256, p256)).isTrue();
    assertThat(AkTrust.sameKey(r, r)).isTrue();
    assertThat(AkTrust.sameKey(p256, ec("secp256r1"))).isFalse();
    assertThat(AkTrust.sameKey(p256, ec("secp384r1"))).isFalse();
    assertThat(AkTrust.sameKey(r, rsa())).isFalse();
    assertThat(AkTrust.sameKey(r, p256)).isFalse();
    assertThat(AkTrust.sameKey(p256, r)).isFalse();
  }
}
