package dev.teepol.providers.confidentialspace.verify;

import dev.teepol.core.bytes.Hex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a Confidential Space token carries the caller's nonce: Google's launcher puts the strings a
 * workload asks for into {@code eat_nonce} verbatim, and workloads write a binary challenge either
 * as text or in hex. An entry carries nonce N when its UTF-8 bytes are N or it is N in hex (either
 * case). Both forms name the same caller-chosen bytes, so accepting both admits no other token.
 * Comparisons are constant-time.
 */
public final class EatNonce {
  private EatNonce() {}

  /** How an entry carries the nonce ("eat_nonce[0] as text"), or empty when none does. */
  public static Optional<String> carried(List<String> eatNonces, byte[] nonce) {
    for (int i = 0; i < eatNonces.size(); i++) {
      String e = eatNonces.get(i);
      if (MessageDigest.isEqual(e.getBytes(StandardCharsets.UTF_8), nonce)) {
        return Optional.of("eat_nonce[" + i + "] is the nonce as text");
      }
      if (e.length() == 2 * nonce.length
          && Hex.isHex(e)
          && MessageDigest.isEqual(Hex.decode(e.toLowerCase(Locale.ROOT)), nonce)) {
        return Optional.of("eat_nonce[" + i + "] is the nonce in hex");
      }
    }
    return Optional.empty();
  }
}
