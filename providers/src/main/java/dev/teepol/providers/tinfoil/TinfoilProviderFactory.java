package dev.teepol.providers.tinfoil;

import dev.teepol.core.spi.ProviderFactory;
import dev.teepol.providers.sevsnp.SnpProvider;
import dev.teepol.providers.sigstore.SigstoreProvider;
import dev.teepol.providers.tdx.TdxProvider;

/** Builds the set's Tinfoil provider on the set's own TDX, SEV-SNP and Sigstore providers. */
public final class TinfoilProviderFactory implements ProviderFactory<TinfoilProvider> {
  @Override
  public Class<TinfoilProvider> type() {
    return TinfoilProvider.class;
  }

  @Override
  public TinfoilProvider create(Dependencies deps) {
    return new TinfoilProvider(
        deps.require(TdxProvider.class),
        deps.require(SnpProvider.class),
        deps.require(SigstoreProvider.class));
  }
}
