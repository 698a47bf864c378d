package dev.teepol.providers.confidentialspace;

import dev.teepol.core.spi.ProviderFactory;

/**
 * Builds the Confidential Space provider; its JWKS (OIDC tokens) comes from each appraisal's
 * collateral source.
 */
public final class ConfidentialSpaceProviderFactory
    implements ProviderFactory<ConfidentialSpaceProvider> {
  @Override
  public Class<ConfidentialSpaceProvider> type() {
    return ConfidentialSpaceProvider.class;
  }

  @Override
  public ConfidentialSpaceProvider create(Dependencies deps) {
    return new ConfidentialSpaceProvider();
  }
}
