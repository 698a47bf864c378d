package dev.teepol.kms.ratls;

import dev.teepol.core.spi.ProviderFactory;
import dev.teepol.providers.dstack.DstackAppraiser;
import dev.teepol.providers.tdx.TdxProvider;

/** Builds the RA-TLS provider on the set's own TDX provider, so quote caches are shared. */
public final class RatlsProviderFactory implements ProviderFactory<RatlsProvider> {
  @Override
  public Class<RatlsProvider> type() {
    return RatlsProvider.class;
  }

  @Override
  public RatlsProvider create(Dependencies deps) {
    return new RatlsProvider(new DstackAppraiser(deps.require(TdxProvider.class)));
  }
}
