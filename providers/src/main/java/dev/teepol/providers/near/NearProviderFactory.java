package dev.teepol.providers.near;

import dev.teepol.core.spi.ProviderFactory;
import dev.teepol.providers.tdx.TdxProvider;

/**
 * Builds the NEAR provider on the set's own TDX provider. The NRAS verdicts and JWKS come from each
 * appraisal's collateral source (recorded, or live through an NRAS HTTP collateral source).
 */
public final class NearProviderFactory implements ProviderFactory<NearProvider> {
  @Override
  public Class<NearProvider> type() {
    return NearProvider.class;
  }

  @Override
  public NearProvider create(Dependencies deps) {
    return new NearProvider(deps.require(TdxProvider.class));
  }
}
