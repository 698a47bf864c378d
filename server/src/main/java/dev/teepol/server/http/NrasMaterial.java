package dev.teepol.server.http;

import java.util.Optional;

/**
 * Recorded NVIDIA NRAS material sent with one verification (the JSON envelope's {@code nras}): the
 * NRAS attestation response for the evidence's GPUs and the NRAS JWKS, as {@code teepol verify
 * --nras DIR} reads them from {@code nras_attest_gpu_response.json} and {@code nras_jwks.json}.
 * Nothing here is trusted for arriving with the request: the tokens count only when they verify
 * with a JWKS key chained to the pinned NVIDIA intermediate and name the evidence's GPUs and nonce.
 */
public record NrasMaterial(Optional<byte[]> response, Optional<byte[]> jwks) {
  /** The file names the recorded-material directory source reads. */
  public static final String RESPONSE_FILE = "nras_attest_gpu_response.json";

  public static final String JWKS_FILE = "nras_jwks.json";
}
