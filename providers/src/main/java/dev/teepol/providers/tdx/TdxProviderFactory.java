package dev.teepol.providers.tdx;

import dev.teepol.core.spi.ProviderFactory;

/** Builds the set's DCAP provider, whose caches dstack and NEAR share by requiring it. */
public final class TdxProviderFactory implements ProviderFactory<TdxProvider> {
  @Override
  public Class<TdxProvider> type() {
    return TdxProvider.class;
  }

  @Override
  public TdxProvider create(Dependencies deps) {
    return new TdxProvider();
  }
}
