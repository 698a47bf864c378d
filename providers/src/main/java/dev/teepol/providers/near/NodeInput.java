package dev.teepol.providers.near;

/**
 * One attested node of a report as decoded: either usable or not, never a reason to drop the
 * report.
 */
sealed interface NodeInput permits NearNode, UnparsableNode {
  /** The component name the node is appraised under: {@code gateway}, {@code model0}, ... */
  String component();

  default NodeRole role() {
    return NodeRole.of(component());
  }
}
