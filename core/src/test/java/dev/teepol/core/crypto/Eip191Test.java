package dev.teepol.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

class Eip191Test {
  private static final X9ECParameters K1 = CustomNamedCurves.getByName("secp256k1");

  /** Signs like a wallet: deterministic k, low s, v chosen by trying both recovery ids. */
  static byte[] sign(BigInteger priv, String message) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(priv, new ECDomainParameters(K1)));
    BigInteger[] rs = signer.generateSignature(Eip191.messageHash(message));
    BigInteger s = rs[1].compareTo(K1.getN().shiftRight(1)) > 0 ? K1.getN().subtract(rs[1]) : rs[1];
    String want = Eip191.address(K1.getG().multiply(priv));
    for (int v = 27; v <= 28; v++) {
      byte[] sig = new byte[65];
      System.arraycopy(fixed(rs[0]), 0, sig, 0, 32);
      System.arraycopy(fixed(s), 0, sig, 32, 32);
      sig[64] = (byte) v;
      if (Eip191.recover(message, sig).orElse("").equals(want)) {
        return sig;
      }
    }
    throw new AssertionError("no recovery id recovers the key");
  }

  static byte[] fixed(BigInteger x) {
    byte[] b = x.toByteArray();
    byte[] out = new byte[32];
    System.arraycopy(b, Math.max(0, b.length - 32), out, Math.max(0, 32 - b.length), Math.min(32, b.length));
    return out;
  }

  @Test
  void knownAddressOfPrivateKeyOne() {
    // The address of private key 1 is a well-known Ethereum constant.
    ECPoint g = K1.getG();
    assertThat(Eip191.address(g)).isEqualTo("7e5f4552091a69125d5dfcb7b8c2659029395bdf");
  }

  @Test
  void keccakOfEmptyIsTheKnownConstant() {
    assertThat(Hex.of(Eip191.keccak256(new byte[0]))).isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  }

  @Test
  void recoversTheSignerAndRejectsOthers() {
    BigInteger priv = new BigInteger(1, Eip191.keccak256("teepol test signer".getBytes(StandardCharsets.UTF_8)));
    String address = Eip191.address(K1.getG().multiply(priv));
    String text = "Qwen/Qwen3:abcd:ef01";
    byte[] sig = sign(priv, text);
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
    System.arraycopy(fixed(K1.getN().subtract(s)), 0, highS, 32, 32);
    assertThat(Eip191.recover(text, highS)).as("malleable high-s form is refused").isEmpty();
    assertThat(Eip191.recover(text, new byte[64])).isEmpty();
  }
}
