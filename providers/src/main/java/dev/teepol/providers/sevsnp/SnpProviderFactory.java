package dev.teepol.providers.sevsnp;

import dev.teepol.core.spi.ProviderFactory;

/** Builds the set's SEV-SNP provider, whose caches the Tinfoil provider shares by requiring it. */
public final class SnpProviderFactory implements ProviderFactory<SnpProvider> {
  @Override
  public Class<SnpProvider> type() {
    return SnpProvider.class;
  }

  @Override
  public SnpProvider create(Dependencies deps) {
    return new SnpProvider();
  }
}
