package dev.teepol.core.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/** Signers for tests, built from keys the tests make: never used by verifying code. */
public final class TestSigners {
  public static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");

  private TestSigners() {}

  /** The Ethereum address (hex, no 0x) of a secp256k1 private key. */
  public static String address(BigInteger priv) {
    return Eip191.address(SECP256K1.getG().multiply(priv));
  }

  /** personal_sign like a wallet: deterministic k, low s, v found by trying both recovery ids. */
  public static byte[] eip191(BigInteger priv, String message) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(priv, new ECDomainParameters(SECP256K1)));
    BigInteger[] rs = signer.generateSignature(Eip191.messageHash(message));
    BigInteger s =
        rs[1].compareTo(SECP256K1.getN().shiftRight(1)) > 0
            ? SECP256K1.getN().subtract(rs[1])
            : rs[1];
    String want = address(priv);
    for (int v = 27; v <= 28; v++) {
      byte[] sig = new byte[65];
      System.arraycopy(fixed32(rs[0]), 0, sig, 0, 32);
      System.arraycopy(fixed32(s), 0, sig, 32, 32);
      sig[64] = (byte) v;
      if (Eip191.recover(message, sig).orElse("").equals(want)) {
        return sig;
      }
    }
    throw new AssertionError("no recovery id recovers the key");
  }

  /** A non-negative integer as exactly 32 big-endian bytes. */
  public static byte[] fixed32(BigInteger x) {
    byte[] b = x.toByteArray();
    byte[] out = new byte[32];
    System.arraycopy(
        b, Math.max(0, b.length - 32), out, Math.max(0, 32 - b.length), Math.min(32, b.length));
    return out;
  }
}
