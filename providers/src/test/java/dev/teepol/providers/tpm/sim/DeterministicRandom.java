package dev.teepol.providers.tpm.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * SHA-256 in counter mode over a label: the same label always yields the same bytes, so simulated
 * RSA keys (and the committed examples signed with them) are byte-identical on every run. Never use
 * outside tests.
 */
final class DeterministicRandom extends SecureRandom {
  private final byte[] seed;
  private final MessageDigest md = sha256();
  private long counter;
  private byte[] block = new byte[0];
  private int used;

  DeterministicRandom(String label) {
    super(new byte[0]);
    this.seed = label.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void nextBytes(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (used == block.length) {
        block = next();
        used = 0;
      }
      bytes[i] = block[used++];
    }
  }

  @Override
  public void setSeed(long s) {
    // deterministic on purpose: the JDK's constructor calls this; ignore it
  }

  private byte[] next() {
    md.update(seed);
    md.update(Long.toString(counter++).getBytes(StandardCharsets.US_ASCII));
    return md.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
