package dev.teepol.providers.dstack;

import dev.teepol.core.spi.ProviderFactory;
import dev.teepol.providers.tdx.TdxProvider;

/** Builds the dstack provider on the set's own TDX provider. */
public final class DstackProviderFactory implements ProviderFactory<DstackProvider> {
  @Override
  public Class<DstackProvider> type() {
    return DstackProvider.class;
  }

  @Override
  public DstackProvider create(Dependencies deps) {
    return new DstackProvider(deps.require(TdxProvider.class));
  }
}
