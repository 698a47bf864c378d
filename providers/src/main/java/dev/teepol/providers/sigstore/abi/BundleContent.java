package dev.teepol.providers.sigstore.abi;

import java.util.List;

/** What a bundle signs: a DSSE envelope (attestations) or a message digest (blob signatures). */
public sealed interface BundleContent permits BundleContent.Dsse, BundleContent.MessageSignature {

  /**
   * A DSSE envelope.
   *
   * @param payloadType e.g. {@code application/vnd.in-toto+json}
   * @param payload the decoded payload (the in-toto statement)
   * @param signatures the decoded signatures, in envelope order
   */
  record Dsse(String payloadType, byte[] payload, List<byte[]> signatures)
      implements BundleContent {
    public Dsse {
      signatures = List.copyOf(signatures);
    }
  }

  /**
   * A signature over an artifact given by its digest (Rekor kind hashedrekord).
   *
   * @param algorithm the digest algorithm, {@code SHA2_256}
   * @param digest the artifact digest
   * @param signature the DER ECDSA signature
   */
  record MessageSignature(String algorithm, byte[] digest, byte[] signature)
      implements BundleContent {}
}
