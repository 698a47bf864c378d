package dev.teepol.providers.dstack;

import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * A dstack attestation as delivered: the quote, the event log as found (array or string, parsed
 * later so that a bad log fails its own check), and the self-reported companions.
 *
 * @param appCompose the exact app_compose string whose SHA-256 is the compose hash
 * @param mrConfigDocument the MR_CONFIG v3 document, when the sender supplied it
 */
public record DstackDocument(
    byte[] quote,
    Optional<JsonValue> eventLog,
    DstackInfo info,
    Optional<String> appCompose,
    Optional<String> vmConfig,
    Optional<String> mrConfigDocument) {

  @Override
  public byte[] quote() {
    return quote.clone();
  }
}
