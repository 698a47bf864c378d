package dev.teepol.providers.nras;

import dev.teepol.core.spi.ProviderFactory;

/** Builds the NRAS provider; its JWKS comes from each appraisal's collateral source. */
public final class NrasProviderFactory implements ProviderFactory<NrasProvider> {
  @Override
  public Class<NrasProvider> type() {
    return NrasProvider.class;
  }

  @Override
  public NrasProvider create(Dependencies deps) {
    return new NrasProvider();
  }
}
