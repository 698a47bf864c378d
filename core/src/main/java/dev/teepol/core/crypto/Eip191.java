package dev.teepol.core.crypto;

import dev.teepol.core.bytes.Hex;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9IntegerConverter;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Ethereum {@code personal_sign} (EIP-191) signatures: secp256k1 ECDSA over keccak256("\x19Ethereum
 * Signed Message:\n" ‖ len ‖ message), 65 bytes r‖s‖v. Verification recovers the signer's address
 * from the signature (SEC 1 §4.1.6, with Bouncy Castle's curve arithmetic) and compares it with the
 * expected one.
 */
public final class Eip191 {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final BigInteger HALF_N = CURVE.getN().shiftRight(1);

  private Eip191() {}

  public static byte[] keccak256(byte[] data) {
    KeccakDigest k = new KeccakDigest(256);
    k.update(data, 0, data.length);
    byte[] out = new byte[32];
    k.doFinal(out, 0);
    return out;
  }

  /** The digest a personal_sign signature covers. */
  public static byte[] messageHash(String message) {
    byte[] m = message.getBytes(StandardCharsets.UTF_8);
    byte[] prefix =
        ("\u0019Ethereum Signed Message:\n" + m.length).getBytes(StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(prefix, prefix.length + m.length);
    System.arraycopy(m, 0, all, prefix.length, m.length);
    return keccak256(all);
  }

  /** The 20-byte address (lowercase hex, no 0x) of an uncompressed public key point. */
  public static String address(ECPoint pub) {
    byte[] enc = pub.normalize().getEncoded(false);
    byte[] h = keccak256(Arrays.copyOfRange(enc, 1, enc.length));
    return Hex.of(Arrays.copyOfRange(h, 12, 32));
  }

  /**
   * Recovers the signer's address from a 65-byte r‖s‖v signature of {@code message}. Refuses high-s
   * signatures (malleable) and v outside {0, 1, 27, 28}.
   */
  public static Optional<String> recover(String message, byte[] sig) {
    if (sig.length != 65) {
      return Optional.empty();
    }
    int v = sig[64] & 0xff;
    int recId = v >= 27 ? v - 27 : v;
    if (recId != 0 && recId != 1) {
      return Optional.empty();
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    BigInteger n = CURVE.getN();
    if (r.signum() == 0 || s.signum() == 0 || r.compareTo(n) >= 0 || s.compareTo(HALF_N) > 0) {
      return Optional.empty();
    }
    BigInteger p = CURVE.getCurve().getField().getCharacteristic();
    if (r.compareTo(p) >= 0) {
      return Optional.empty();
    }
    ECPoint bigR;
    try {
      X9IntegerConverter conv = new X9IntegerConverter();
      byte[] comp = conv.integerToBytes(r, 1 + conv.getByteLength(CURVE.getCurve()));
      comp[0] = (byte) (recId == 1 ? 0x03 : 0x02);
      bigR = CURVE.getCurve().decodePoint(comp);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!bigR.multiply(n).isInfinity()) {
      return Optional.empty();
    }
    BigInteger e = new BigInteger(1, messageHash(message));
    BigInteger rInv = r.modInverse(n);
    BigInteger u1 = e.negate().mod(n).multiply(rInv).mod(n);
    BigInteger u2 = s.multiply(rInv).mod(n);
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(CURVE.getG(), u1, bigR, u2).normalize();
    return q.isInfinity() ? Optional.empty() : Optional.of(address(q));
  }

  /**
   * True iff {@code sig} is a personal_sign of {@code message} by {@code address} (hex, 0x
   * optional).
   */
  public static boolean verify(String message, byte[] sig, String address) {
    String want = address.toLowerCase(java.util.Locale.ROOT).replaceFirst("^0x", "");
    return recover(message, sig)
        .map(
            a ->
                Digests.constantTimeEquals(
                    a.getBytes(StandardCharsets.US_ASCII),
                    want.getBytes(StandardCharsets.US_ASCII)))
        .orElse(false);
  }
}
