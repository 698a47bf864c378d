package dev.teepol.kms.broker;

import dev.teepol.core.crypto.Digests;
import dev.teepol.kms.crypto.RecipientKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * What the evidence must carry for a release: {@code report_data = SHA-512("teepol-kms-release:" ‖
 * nonce ‖ kem_id (2 bytes, big-endian) ‖ public key)}, the dstack convention ({@code tag ":"
 * content}) with a tag of our own, so one quote binds both the broker's nonce and the key the
 * secret is sealed to. A workload computes this and asks its TEE for a quote over it (dstack:
 * GetQuote with these 64 bytes as report_data).
 */
public final class ReleaseBinding {
  public static final String TAG = "teepol-kms-release";

  private ReleaseBinding() {}

  public static byte[] reportData(byte[] nonce, RecipientKey key) {
    MessageDigest md = Digests.sha512();
    md.update((TAG + ":").getBytes(StandardCharsets.US_ASCII));
    md.update(nonce);
    md.update(ByteBuffer.allocate(2).putShort(key.kem().id()).array());
    md.update(key.key());
    return md.digest();
  }

  /** HPKE info for a release of {@code secret}: the seal is bound to the secret's name. */
  public static byte[] info(String secret) {
    return (TAG + ":v1:" + secret).getBytes(StandardCharsets.UTF_8);
  }
}
