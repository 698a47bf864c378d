package dev.teepol.kms.broker;

import dev.teepol.core.crypto.Digests;
import dev.teepol.kms.crypto.RecipientKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * What the evidence must carry for a release: one value over {@code "teepol-kms-release:" ‖ nonce ‖
 * kem_id (2 bytes, big-endian) ‖ public key}, the dstack convention ({@code tag ":" content}) with
 * a tag of our own, so one attestation binds both the broker's nonce and the key the secret is
 * sealed to. Where the evidence carries it depends on the evidence ({@link Carrier}): a TEE quote's
 * report_data holds the SHA-512 of it (dstack: GetQuote with these 64 bytes); a Confidential Space
 * token's {@code eat_nonce} and a mock answer's nonce hold the SHA-256 of it, because Google bounds
 * each nonce a workload asks for (74 bytes) and the SHA-512 in hex is 128 characters.
 */
public final class ReleaseBinding {
  public static final String TAG = "teepol-kms-release";

  private ReleaseBinding() {}

  /** Where evidence of a provider carries the release binding. */
  public enum Carrier {
    /** Hardware-signed report_data = {@link #reportData} (TDX, dstack, SEV-SNP, ...). */
    REPORT_DATA,
    /**
     * The evidence answers a caller's nonce, and the broker supplies {@link #nonce} as that nonce:
     * the provider's own nonce check proves the signed evidence carries it (Confidential Space: an
     * {@code eat_nonce} entry, in hex; the mock attester: the answered challenge nonce).
     */
    NONCE;

    /** The carrier of a provider's evidence: report_data unless the provider answers a nonce. */
    public static Carrier of(String providerId) {
      return NONCE_PROVIDERS.contains(providerId) ? NONCE : REPORT_DATA;
    }
  }

  /**
   * Providers whose evidence has no report_data but signs a caller's nonce. Only these: a provider
   * whose nonce check matches a prefix or a part of a larger field would need a binding of its own.
   */
  static final java.util.Set<String> NONCE_PROVIDERS =
      java.util.Set.of(
          dev.teepol.providers.confidentialspace.ConfidentialSpaceProvider.ID,
          dev.teepol.providers.mock.MockProvider.ID);

  /** {@code SHA-512(preimage)}: what hardware-signed report_data must be. */
  public static byte[] reportData(byte[] nonce, RecipientKey key) {
    return preimage(Digests.sha512(), nonce, key).digest();
  }

  /**
   * {@code SHA-256(preimage)}: the nonce the evidence must answer ({@link Carrier#NONCE}). A
   * Confidential Space workload asks for a token with {@code eat_nonce} = these 32 bytes in hex (64
   * characters); a mock attester answers a challenge whose nonce is these 32 bytes.
   */
  public static byte[] nonce(byte[] nonce, RecipientKey key) {
    return preimage(Digests.sha256(), nonce, key).digest();
  }

  private static MessageDigest preimage(MessageDigest md, byte[] nonce, RecipientKey key) {
    md.update((TAG + ":").getBytes(StandardCharsets.US_ASCII));
    md.update(nonce);
    md.update(ByteBuffer.allocate(2).putShort(key.kem().id()).array());
    md.update(key.key());
    return md;
  }

  /** HPKE info for a release of {@code secret}: the seal is bound to the secret's name. */
  public static byte[] info(String secret) {
    return (TAG + ":v1:" + secret).getBytes(StandardCharsets.UTF_8);
  }
}
