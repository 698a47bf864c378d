package dev.teepol.providers.confidentialspace.sim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An RSA key derived from a seed and a label (the key generator draws from a SHA1PRNG seeded with
 * both), so regenerating the examples yields the same keys, certificates and, RSASSA-PKCS1-v1_5
 * being deterministic, the same tokens. Keys are cached: RSA generation is slow. Never use derived
 * keys outside tests.
 */
public record SimRsaKey(RSAPublicKey publicKey, RSAPrivateKey privateKey) {
  private static final Map<String, SimRsaKey> CACHE = new ConcurrentHashMap<>();

  public static SimRsaKey derive(String seed, String label, int bits) {
    return CACHE.computeIfAbsent(
        seed + "\0" + label + "\0" + bits,
        k -> {
          try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(k.getBytes(StandardCharsets.UTF_8));
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, r);
            KeyPair kp = g.generateKeyPair();
            return new SimRsaKey((RSAPublicKey) kp.getPublic(), (RSAPrivateKey) kp.getPrivate());
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** sha256WithRSAEncryption, for certificates. */
  public ContentSigner contentSigner() {
    try {
      return new JcaContentSignerBuilder("SHA256withRSA").build(privateKey);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }
}
