package dev.teepol.verifier.near;

import java.util.Optional;

/**
 * A NEAR chat signature as served by {@code GET /v1/signature/{chat_id}}.
 *
 * @param kind {@code signature_kind}: "gateway" for the gateway's own form, otherwise the model's
 */
public record ChatSignature(
    String text,
    String signature,
    String signingAddress,
    String signingAlgo,
    Optional<String> kind) {
  public static final String GATEWAY_KIND = "gateway";

  public boolean byGateway() {
    return kind.map(GATEWAY_KIND::equals).orElse(false);
  }
}
