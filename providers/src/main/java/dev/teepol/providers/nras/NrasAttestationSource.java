package dev.teepol.providers.nras;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Where the NRAS verdict on a node's GPU evidence comes from: a recorded response (offline, the
 * default: the appraisal's collateral source is asked for
 * {@link NrasDirectoryCollateralSource#ATTESTATION_TYPE}) or a live POST of the evidence to NRAS
 * ({@link HttpsNrasAttestationSource}). An empty answer means no verdict: the GPU checks are then
 * UNEVALUABLE. Whatever the source, the response is only trusted after its EATs verify, their
 * nonce is the caller's and (NEAR) each device token names a GPU of the payload.
 */
public interface NrasAttestationSource {

  /** @param payload the exact NVIDIA payload JSON the node published (the body NRAS expects) */
  Optional<CollateralDocument> attest(String payload, AppraisalContext ctx) throws CollateralException;

  /** A recorded response served by the appraisal's collateral source. */
  static NrasAttestationSource fromCollateral() {
    return (payload, ctx) -> ctx.collateral().fetch(new CollateralRequest(NrasDirectoryCollateralSource.ATTESTATION_TYPE,
        Map.of("payload_sha256", Hex.of(Digests.sha256(payload.getBytes(StandardCharsets.UTF_8))))));
  }

  /** No NRAS at all: every GPU verdict is UNEVALUABLE. */
  static NrasAttestationSource none() {
    return (payload, ctx) -> Optional.empty();
  }
}
