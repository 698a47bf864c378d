package dev.teepol.providers.sigstore.abi;

import java.util.List;
import java.util.Optional;

/**
 * An RFC 6962 / RFC 9162 inclusion proof of a log entry, with the checkpoint that signs its root.
 *
 * @param logIndex the leaf index inside the log shard the proof is for
 * @param rootHash the tree head the proof leads to
 * @param treeSize the size of that tree
 * @param hashes the audit path, leaf to root
 * @param checkpoint the signed note committing to (treeSize, rootHash), when present
 */
public record InclusionProof(
    long logIndex,
    byte[] rootHash,
    long treeSize,
    List<byte[]> hashes,
    Optional<String> checkpoint) {
  public InclusionProof {
    hashes = List.copyOf(hashes);
  }
}
