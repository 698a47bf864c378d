package dev.teepol.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EcdsaTest {
  private static final byte[] MSG = "header and body of a quote".getBytes(StandardCharsets.UTF_8);
  private static final BigInteger P256_N =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  static KeyPair pair(String curve) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve));
    return g.generateKeyPair();
  }

  static byte[] sign(KeyPair kp, String alg) throws GeneralSecurityException {
    Signature s = Signature.getInstance(alg);
    s.initSign(kp.getPrivate());
    s.update(MSG);
    return s.sign();
  }

  static byte[] raw(ECPublicKey k, int n) {
    byte[] out = new byte[2 * n];
    put(k.getW().getAffineX(), out, 0, n);
    put(k.getW().getAffineY(), out, n, n);
    return out;
  }

  static void put(BigInteger v, byte[] out, int at, int n) {
    byte[] b = v.toByteArray();
    int len = Math.min(b.length, n);
    System.arraycopy(b, b.length - len, out, at + n - len, len);
  }

  @Test
  void verifiesJdkSignaturesAndRejectsAnyChange() throws Exception {
    KeyPair kp = pair("secp256r1");
    byte[] sig = sign(kp, "SHA256withECDSAinP1363Format");
    Ecdsa.Key key = Ecdsa.p256(raw((ECPublicKey) kp.getPublic(), 32));
    assertThat(Ecdsa.verifyP1363Sha256(key, sig, MSG, 0, MSG.length)).isTrue();
    assertThat(Ecdsa.verifyP1363Sha256(kp.getPublic(), sig, MSG, 0, MSG.length)).isTrue();
    for (int i = 0; i < sig.length; i += 7) {
      byte[] bad = sig.clone();
      bad[i] ^= 1;
      assertThat(Ecdsa.verifyP1363Sha256(key, bad, MSG, 0, MSG.length))
          .as("bit flip at %d", i)
          .isFalse();
    }
    byte[] msg = MSG.clone();
    msg[3] ^= 1;
    assertThat(Ecdsa.verifyP1363Sha256(key, sig, msg, 0, msg.length)).isFalse();
    assertThat(Ecdsa.verifyP1363Sha256(key, sig, MSG, 1, MSG.length - 1)).isFalse();
    assertThat(Ecdsa.verifyP1363Sha256(key, Arrays.copyOf(sig, 63), MSG, 0, MSG.length)).isFalse();
    assertThat(Ecdsa.verifyP1363Sha256(key, Arrays.copyOf(sig, 96), MSG, 0, MSG.length)).isFalse();
    assertThat(Ecdsa.verifyDerSha256(key, sign(kp, "SHA256withECDSA"), MSG, 0, MSG.length))
        .isTrue();
    assertThat(Ecdsa.verifyDerSha256(key, sig, MSG, 0, MSG.length))
        .as("raw bytes are not DER")
        .isFalse();
  }

  @Test
  void outOfRangeScalarsAndForeignKeysNeverVerify() throws Exception {
    KeyPair kp = pair("secp256r1");
    Ecdsa.Key key = Ecdsa.p256(raw((ECPublicKey) kp.getPublic(), 32));
    byte[] zero = new byte[64];
    assertThat(Ecdsa.verifyP1363Sha256(key, zero, MSG, 0, MSG.length)).isFalse();
    byte[] sig = sign(kp, "SHA256withECDSAinP1363Format");
    byte[] sPlusN = sig.clone();
    put(
        new BigInteger(1, Arrays.copyOfRange(sig, 32, 64))
            .add(P256_N)
            .mod(BigInteger.ONE.shiftLeft(256)),
        sPlusN,
        32,
        32);
    assertThat(Ecdsa.verifyP1363Sha256(key, sPlusN, MSG, 0, MSG.length)).isFalse();
    Ecdsa.Key other = Ecdsa.p256(raw((ECPublicKey) pair("secp256r1").getPublic(), 32));
    assertThat(Ecdsa.verifyP1363Sha256(other, sig, MSG, 0, MSG.length)).isFalse();
  }

  @Test
  void offCurvePointsAndWrongSizesAreRefused() throws Exception {
    byte[] xy = raw((ECPublicKey) pair("secp256r1").getPublic(), 32);
    xy[63] ^= 1;
    assertThatThrownBy(() -> Ecdsa.p256(xy))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("not on the curve");
    assertThatThrownBy(() -> Ecdsa.p256(new byte[63])).isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> Ecdsa.p256(new byte[64])).isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void p384() throws Exception {
    KeyPair kp = pair("secp384r1");
    Ecdsa.Key key = Ecdsa.p384(raw((ECPublicKey) kp.getPublic(), 48));
    byte[] sig = sign(kp, "SHA384withECDSAinP1363Format");
    assertThat(Ecdsa.verifyP1363Sha384(key, sig, MSG, 0, MSG.length)).isTrue();
    assertThat(Ecdsa.verifyP1363Sha256(key, sig, MSG, 0, MSG.length)).isFalse();
    assertThat(Ecdsa.of(kp.getPublic()).fieldBytes()).isEqualTo(48);
    byte[] bad = sig.clone();
    bad[sig.length - 1] ^= 1;
    assertThat(Ecdsa.verifyP1363Sha384(key, bad, MSG, 0, MSG.length)).isFalse();
    byte[] msg = MSG.clone();
    msg[0] ^= 1;
    assertThat(Ecdsa.verifyP1363Sha384(key, sig, msg, 0, msg.length)).isFalse();
    Ecdsa.Key other = Ecdsa.p384(raw((ECPublicKey) pair("secp384r1").getPublic(), 48));
    assertThat(Ecdsa.verifyP1363Sha384(other, sig, MSG, 0, MSG.length)).isFalse();
  }

  /** A DER signature verifies for its message and key only (PIT: a "return true" survived). */
  @Test
  void derSignaturesVerifyOnlyForTheirMessageAndKey() throws Exception {
    KeyPair kp = pair("secp256r1");
    Ecdsa.Key key = Ecdsa.p256(raw((ECPublicKey) kp.getPublic(), 32));
    byte[] der = sign(kp, "SHA256withECDSA");
    assertThat(Ecdsa.verifyDerSha256(key, der, MSG, 0, MSG.length)).isTrue();
    byte[] msg = MSG.clone();
    msg[MSG.length - 1] ^= 1;
    assertThat(Ecdsa.verifyDerSha256(key, der, msg, 0, msg.length)).isFalse();
    Ecdsa.Key other = Ecdsa.p256(raw((ECPublicKey) pair("secp256r1").getPublic(), 32));
    assertThat(Ecdsa.verifyDerSha256(other, der, MSG, 0, MSG.length)).isFalse();
    assertThat(Ecdsa.verifyDerSha256(key, new byte[0], MSG, 0, MSG.length)).isFalse();
  }

  /**
   * The JCA-key overload (collateral signing certificates) verifies only for its message and key,
   * and refuses keys that are not P-256/P-384 (PIT: its "return true" survived).
   */
  @Test
  void jcaKeySignaturesVerifyOnlyForTheirMessageAndKey() throws Exception {
    KeyPair kp = pair("secp256r1");
    byte[] sig = sign(kp, "SHA256withECDSAinP1363Format");
    assertThat(Ecdsa.verifyP1363Sha256(kp.getPublic(), sig, MSG, 0, MSG.length)).isTrue();
    byte[] msg = MSG.clone();
    msg[0] ^= 1;
    assertThat(Ecdsa.verifyP1363Sha256(kp.getPublic(), sig, msg, 0, msg.length)).isFalse();
    assertThat(Ecdsa.verifyP1363Sha256(pair("secp256r1").getPublic(), sig, MSG, 0, MSG.length))
        .isFalse();
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    assertThat(Ecdsa.verifyP1363Sha256(rsa.generateKeyPair().getPublic(), sig, MSG, 0, MSG.length))
        .isFalse();
  }
}
