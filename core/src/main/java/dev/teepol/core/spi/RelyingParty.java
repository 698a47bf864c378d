package dev.teepol.core.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the relying party expects of token-shaped evidence and shares with attesters, beside the
 * freshness nonce ({@link AppraisalContext#expectedNonce()}): the audience a token must be issued
 * to, and the HMAC keys of the development attester. None of it comes from the evidence.
 *
 * @param audience the audience ({@code aud}) a token must name, e.g. a Confidential Space token
 *     requested for this service; empty when the caller gave none (the audience check is then
 *     UNEVALUABLE: an audience is a pin, and a token issued to another service must not pass)
 * @param mockKeys HMAC keys the caller shares with mock attesters (never empty arrays); the
 *     published default keys of the projects teepol knows are tried after these
 */
public record RelyingParty(Optional<String> audience, List<byte[]> mockKeys) {
  /** No audience, no keys. */
  public static final RelyingParty NONE = new RelyingParty(Optional.empty(), List.of());

  public RelyingParty {
    Objects.requireNonNull(audience, "audience");
    mockKeys = mockKeys.stream().map(byte[]::clone).toList();
    for (byte[] k : mockKeys) {
      if (k.length == 0) {
        throw new IllegalArgumentException("an empty mock key");
      }
    }
  }

  /** Copies, so nobody can change a key after handing it over. */
  @Override
  public List<byte[]> mockKeys() {
    return mockKeys.stream().map(byte[]::clone).toList();
  }

  public RelyingParty withAudience(String audience) {
    return new RelyingParty(Optional.of(audience), mockKeys);
  }

  public RelyingParty withMockKeys(List<byte[]> keys) {
    return new RelyingParty(audience, keys);
  }
}
