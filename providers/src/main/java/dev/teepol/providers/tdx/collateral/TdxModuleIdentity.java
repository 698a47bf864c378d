package dev.teepol.providers.tdx.collateral;

import java.util.List;

/**
 * The expected signer and attributes of a TDX module; {@code id} is {@code TDX_<major hex>} for
 * entries of {@code tdxModuleIdentities}, or empty for the TCB info's single {@code tdxModule}.
 */
public record TdxModuleIdentity(
    String id, String mrSigner, String attributes, String attributesMask, List<IsvLevel> levels) {
  public TdxModuleIdentity {
    levels = List.copyOf(levels);
  }
}
