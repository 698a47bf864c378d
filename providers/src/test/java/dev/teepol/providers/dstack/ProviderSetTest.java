package dev.teepol.providers.dstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.spi.Providers;
import dev.teepol.providers.tdx.TdxProvider;
import org.junit.jupiter.api.Test;

/**
 * dstack as {@link Providers#load()} builds it: it verifies quotes with the set's own TDX provider.
 */
class ProviderSetTest {
  @Test
  void dstackHoldsTheSetsOwnTdxProvider() {
    Providers set = Providers.load();
    assertThat(set.byType(DstackProvider.class).orElseThrow().tdx())
        .isSameAs(set.byType(TdxProvider.class).orElseThrow());
    assertThat(Providers.load().byType(DstackProvider.class).orElseThrow().tdx())
        .isNotSameAs(set.byType(TdxProvider.class).orElseThrow());
  }
}
