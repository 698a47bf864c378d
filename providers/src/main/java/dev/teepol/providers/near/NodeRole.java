package dev.teepol.providers.near;

/**
 * The role a node has in its report, from where the report puts it: {@code gateway_attestation} is
 * the gateway, everything else is a model server. The role decides which parts a node must carry (a
 * model node its GPU evidence); it is never taken from what the node says about itself.
 */
enum NodeRole {
  GATEWAY,
  MODEL;

  /** The component name of the gateway node; model nodes are {@code model0}, {@code model1}, ... */
  public static final String GATEWAY_COMPONENT = "gateway";

  static NodeRole of(String component) {
    return component.equals(GATEWAY_COMPONENT) ? GATEWAY : MODEL;
  }
}
