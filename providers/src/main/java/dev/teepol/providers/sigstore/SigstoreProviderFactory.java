package dev.teepol.providers.sigstore;

import dev.teepol.core.spi.ProviderFactory;

/** Builds the set's Sigstore provider, which the Tinfoil provider requires for its releases. */
public final class SigstoreProviderFactory implements ProviderFactory<SigstoreProvider> {
  @Override
  public Class<SigstoreProvider> type() {
    return SigstoreProvider.class;
  }

  @Override
  public SigstoreProvider create(Dependencies deps) {
    return new SigstoreProvider();
  }
}
