package dev.teepol.providers.near;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.Providers;
import dev.teepol.providers.dstack.DstackProvider;
import dev.teepol.providers.nras.NrasProvider;
import dev.teepol.providers.tdx.TdxProvider;
import org.junit.jupiter.api.Test;

/**
 * The providers as {@link Providers#load()} builds them from the class path: one instance each,
 * NEAR verifying its quotes with the set's own TDX provider (so with its caches), and a new set
 * sharing nothing with the previous one. dstack's side is asserted in its own package.
 */
class ProviderSetTest {
  @Test
  void nearHoldsTheSetsOwnTdxProviderAndEverySetIsFresh() {
    Providers set = Providers.load();
    assertThat(set.all())
        .extracting(EvidenceProvider::id)
        .containsExactly(
            "confidential-space",
            "dstack",
            "mock",
            "near",
            "nras",
            "sev-snp",
            "sigstore",
            "tdx",
            "tinfoil",
            "tpm");
    TdxProvider tdx = set.byType(TdxProvider.class).orElseThrow();
    assertThat(set.byType(NearProvider.class).orElseThrow().tdx()).isSameAs(tdx);
    assertThat(set.byId("tdx")).containsSame(tdx);

    Providers again = Providers.load();
    assertThat(again.byType(TdxProvider.class).orElseThrow()).isNotSameAs(tdx);
    assertThat(again.byType(NearProvider.class).orElseThrow())
        .isNotSameAs(set.byType(NearProvider.class).orElseThrow());
    assertThat(again.byType(NrasProvider.class).orElseThrow())
        .isNotSameAs(set.byType(NrasProvider.class).orElseThrow());
    assertThat(again.byType(DstackProvider.class).orElseThrow())
        .isNotSameAs(set.byType(DstackProvider.class).orElseThrow());
  }
}
