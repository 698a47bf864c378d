package dev.teepol.providers.tpm;

import dev.teepol.core.spi.ProviderFactory;

/** Builds the set's TPM provider; it needs no other provider. */
public final class TpmProviderFactory implements ProviderFactory<TpmProvider> {
  @Override
  public Class<TpmProvider> type() {
    return TpmProvider.class;
  }

  @Override
  public TpmProvider create(Dependencies deps) {
    return new TpmProvider();
  }
}
