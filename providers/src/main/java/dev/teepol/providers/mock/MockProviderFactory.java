package dev.teepol.providers.mock;

import dev.teepol.core.spi.ProviderFactory;

/** Builds the development attester's provider; its keys come from each appraisal's context. */
public final class MockProviderFactory implements ProviderFactory<MockProvider> {
  @Override
  public Class<MockProvider> type() {
    return MockProvider.class;
  }

  @Override
  public MockProvider create(Dependencies deps) {
    return new MockProvider();
  }
}
