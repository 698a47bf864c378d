package dev.teepol.bench;

import dev.teepol.core.crypto.Ecdsa;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under a TDX verify: one ECDSA P-256 / SHA-256 verification of a quote-sized message on
 * Bouncy Castle's secp256r1 arithmetic, as {@link Ecdsa} does it. A warm verify does two of these
 * (quote and QE report), a cold one four (plus the TCB info and QE identity signatures).
 *
 * <ul>
 *   <li>{@code teepolJcaKey}: through {@link Ecdsa} with a JCA key, converted to a point per call
 *   <li>{@code bouncyCastle} / {@code bouncyCastleFreshPoint}: the lightweight API with the point
 *       kept, or built per call
 *   <li>{@code rotatingCachedKeys} / {@code rotatingFreshKeys}: sixteen keys and signatures in
 *       turn, each key decoded once or on every call
 * </ul>
 *
 * <p>A key point Bouncy Castle has used a few times is promoted to a fixed-point comb table ({@code
 * implShamirsTrickFixedPoint} in a profile); a new point goes through wNAF Shamir, with every
 * doubling. On this machine that makes a kept key about 2.5× faster than a new one, which is why a
 * warm TDX verify (attestation key and PCK key kept) costs far less than a cold one, whose four
 * keys are each new.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EcdsaP256Benchmark {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");

  private byte[] message;
  private byte[] signature;
  private ECPublicKey jcaKey;
  private ECPublicKeyParameters bcKey;
  private BigInteger r;
  private BigInteger s;

  private static final int ROTATE = 16;
  private byte[][] rawKeys;
  private byte[][] rotatingSignatures;
  private Ecdsa.Key[] keys;
  private int next;

  private static void put32(BigInteger v, byte[] out, int at) {
    byte[] b = v.toByteArray();
    int n = Math.min(32, b.length);
    System.arraycopy(b, b.length - n, out, at + 32 - n, n);
  }

  /** Sixteen keys in turn, each decoded once (a verifier's attestation-key cache). */
  @Benchmark
  public boolean rotatingCachedKeys() {
    int i = next++ & (ROTATE - 1);
    return Ecdsa.verifyP1363Sha256(keys[i], rotatingSignatures[i], message, 0, 632);
  }

  /** Sixteen keys in turn, each decoded from raw X‖Y on every call (a cold verify). */
  @Benchmark
  public boolean rotatingFreshKeys() throws GeneralSecurityException {
    int i = next++ & (ROTATE - 1);
    return Ecdsa.verifyP1363Sha256(Ecdsa.p256(rawKeys[i]), rotatingSignatures[i], message, 0, 632);
  }

  @Setup
  public void sign() throws GeneralSecurityException {
    // Fixed seed: the same key and message every run, no entropy needed to benchmark.
    SecureRandom rnd = SecureRandom.getInstance("SHA1PRNG");
    rnd.setSeed(42);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), rnd);
    KeyPair kp = g.generateKeyPair();
    message = new byte[5006];
    rnd.nextBytes(message);
    Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
    signer.initSign(kp.getPrivate(), rnd);
    signer.update(message, 0, 632);
    signature = signer.sign();
    jcaKey = (ECPublicKey) kp.getPublic();
    ECDomainParameters domain =
        new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
    bcKey =
        new ECPublicKeyParameters(
            CURVE.getCurve().createPoint(jcaKey.getW().getAffineX(), jcaKey.getW().getAffineY()),
            domain);
    r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    rawKeys = new byte[ROTATE][];
    rotatingSignatures = new byte[ROTATE][];
    keys = new Ecdsa.Key[ROTATE];
    for (int i = 0; i < ROTATE; i++) {
      KeyPair k = g.generateKeyPair();
      ECPublicKey pub = (ECPublicKey) k.getPublic();
      rawKeys[i] = new byte[64];
      put32(pub.getW().getAffineX(), rawKeys[i], 0);
      put32(pub.getW().getAffineY(), rawKeys[i], 32);
      keys[i] = Ecdsa.p256(rawKeys[i]);
      Signature si = Signature.getInstance("SHA256withECDSAinP1363Format");
      si.initSign(k.getPrivate(), rnd);
      si.update(message, 0, 632);
      rotatingSignatures[i] = si.sign();
    }
    for (int i = 0; i < ROTATE; i++) {
      if (!rotatingCachedKeys() || !rotatingFreshKeys()) {
        throw new IllegalStateException("rotating signature " + i + " does not verify");
      }
    }
    if (!teepolJcaKey() || !bouncyCastle()) {
      throw new IllegalStateException("signature does not verify");
    }
  }

  /** Through {@link Ecdsa} with a JCA key (a certificate's), converted to a point per call. */
  @Benchmark
  public boolean teepolJcaKey() {
    return Ecdsa.verifyP1363Sha256(jcaKey, signature, message, 0, 632);
  }

  /** Key point built once and reused across calls. */
  @Benchmark
  public boolean bouncyCastle() {
    SHA256Digest d = new SHA256Digest();
    d.update(message, 0, 632);
    byte[] hash = new byte[32];
    d.doFinal(hash, 0);
    ECDSASigner v = new ECDSASigner();
    v.init(false, bcKey);
    return v.verifySignature(hash, r, s);
  }

  /**
   * The same with a new point per call, as a verifier that keeps only the JCA key does: Bouncy
   * Castle keeps its wNAF precomputation on the point object, so this pays for it every time.
   */
  @Benchmark
  public boolean bouncyCastleFreshPoint() {
    SHA256Digest d = new SHA256Digest();
    d.update(message, 0, 632);
    byte[] hash = new byte[32];
    d.doFinal(hash, 0);
    ECDSASigner v = new ECDSASigner();
    v.init(
        false,
        new ECPublicKeyParameters(
            CURVE.getCurve().createPoint(jcaKey.getW().getAffineX(), jcaKey.getW().getAffineY()),
            bcKey.getParameters()));
    return v.verifySignature(hash, r, s);
  }

  /** Raw X‖Y to a validated key, done once per quote for the attestation key. */
  @Benchmark
  public ECPublicKey rawKeyDecode() throws GeneralSecurityException {
    byte[] xy = new byte[64];
    byte[] x = jcaKey.getW().getAffineX().toByteArray();
    byte[] y = jcaKey.getW().getAffineY().toByteArray();
    System.arraycopy(
        x, Math.max(0, x.length - 32), xy, 32 - Math.min(32, x.length), Math.min(32, x.length));
    System.arraycopy(
        y, Math.max(0, y.length - 32), xy, 64 - Math.min(32, y.length), Math.min(32, y.length));
    return Ecdsa.p256Key(xy);
  }
}
