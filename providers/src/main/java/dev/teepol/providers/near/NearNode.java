package dev.teepol.providers.near;

import dev.teepol.providers.dstack.DstackDocument;
import java.util.List;
import java.util.Optional;

/**
 * One attested node of a NEAR report (the gateway or a model server), decoded.
 *
 * @param dstack the quote, event log and info, appraised by the dstack provider's appraiser
 * @param statedNonce request_nonce as the node states it (shown, never trusted)
 * @param nvidiaPayload the exact NVIDIA payload string, the body NRAS is asked about
 * @param unboundParts members of the node that nothing ties to the hardware (shown as
 *     self_reported)
 */
record NearNode(
    String component,
    Optional<String> modelName,
    DstackDocument dstack,
    NodeSigner signer,
    Optional<String> statedNonce,
    Optional<String> nvidiaPayload,
    List<String> unboundParts)
    implements NodeInput {
  public NearNode {
    unboundParts = List.copyOf(unboundParts);
  }
}
