package dev.teepol.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

class Eip191Test {
  private static final X9ECParameters K1 = CustomNamedCurves.getByName("secp256k1");

  @Test
  void knownAddressOfPrivateKeyOne() {
    // The address of private key 1 is a well-known Ethereum constant.
    ECPoint g = K1.getG();
    assertThat(Eip191.address(g)).isEqualTo("7e5f4552091a69125d5dfcb7b8c2659029395bdf");
  }

  @Test
  void keccakOfEmptyIsTheKnownConstant() {
    assertThat(Hex.of(Eip191.keccak256(new byte[0])))
        .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  }

  @Test
  void recoversTheSignerAndRejectsOthers() {
    BigInteger priv =
        new BigInteger(1, Eip191.keccak256("teepol test signer".getBytes(StandardCharsets.UTF_8)));
    String address = Eip191.address(K1.getG().multiply(priv));
    String text = "Qwen/Qwen3:abcd:ef01";
    byte[] sig = TestSigners.eip191(priv, text);
    assertThat(Eip191.verify(text, sig, "0x" + address.toUpperCase())).isTrue();
    assertThat(Eip191.verify(text + "x", sig, address)).isFalse();
    byte[] v01 = sig.clone();
    v01[64] = (byte) (v01[64] - 27);
    assertThat(Eip191.verify(text, v01, address)).isTrue();
    byte[] flipped = sig.clone();
    flipped[5] ^= 1;
    assertThat(Eip191.verify(text, flipped, address)).isFalse();
    byte[] badV = sig.clone();
    badV[64] = 29;
    assertThat(Eip191.recover(text, badV)).isEmpty();
    byte[] highS = sig.clone();
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    System.arraycopy(TestSigners.fixed32(K1.getN().subtract(s)), 0, highS, 32, 32);
    assertThat(Eip191.recover(text, highS)).as("malleable high-s form is refused").isEmpty();
    assertThat(Eip191.recover(text, new byte[64])).isEmpty();
  }

  /**
   * A wallet's signature with a fixed recovery id (web3.js documentation: "Some data", v = 0x1c):
   * TestSigners finds v with recover itself, so only an outside vector pins which of the two
   * candidate points each v selects (PIT: the parity test could be inverted unnoticed).
   */
  @Test
  void recoversAKnownWalletSignature() {
    BigInteger priv =
        new BigInteger("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", 16);
    byte[] sig =
        Hex.decode(
            "b91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd"
                + "6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a029"
                + "1c");
    assertThat(TestSigners.address(priv)).isEqualTo("2c7536e3605d9c16a7a3d7b1898e529396a65c23");
    assertThat(Eip191.recover("Some data", sig)).contains(TestSigners.address(priv));
    byte[] otherV = sig.clone();
    otherV[64] = 0x1b;
    assertThat(Eip191.recover("Some data", otherV)).isNotEqualTo(Eip191.recover("Some data", sig));
  }
}
