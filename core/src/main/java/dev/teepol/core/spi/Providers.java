package dev.teepol.core.spi;

import dev.teepol.core.limits.Limits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * A set of providers with one instance each, in a stable order (by id). Nothing is shared between
 * sets: every {@link #load()} builds new providers, so caches belong to whoever holds the set.
 */
public final class Providers {
  private final List<EvidenceProvider> providers;

  private Providers(List<EvidenceProvider> providers) {
    List<EvidenceProvider> sorted =
        providers.stream().sorted(Comparator.comparing(EvidenceProvider::id)).toList();
    Set<String> ids = new HashSet<>();
    for (EvidenceProvider p : sorted) {
      if (!ids.add(p.id())) {
        throw new IllegalStateException("two providers have the id '" + p.id() + "'");
      }
    }
    this.providers = sorted;
  }

  /** A fresh set built by the {@link ProviderFactory} services on the class path. */
  public static Providers load() {
    List<ProviderFactory<?>> found = new ArrayList<>();
    for (ProviderFactory<?> f : ServiceLoader.load(ProviderFactory.class)) {
      found.add(f);
    }
    return fromFactories(found);
  }

  /**
   * A fresh set built by {@code factories}, one provider each, requirements resolved among them.
   */
  public static Providers fromFactories(Iterable<? extends ProviderFactory<?>> factories) {
    return new Providers(new ProviderAssembly(factories).buildAll());
  }

  /** Exactly these providers (tests, or a caller that built its own). */
  public static Providers of(List<EvidenceProvider> providers) {
    return new Providers(providers);
  }

  public List<EvidenceProvider> all() {
    return providers;
  }

  public Optional<EvidenceProvider> byId(String id) {
    return providers.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /**
   * The provider of exactly this class, e.g. to reach a typed API such as the TDX provider's
   * verify.
   */
  public <P extends EvidenceProvider> Optional<P> byType(Class<P> type) {
    return providers.stream().filter(p -> p.getClass() == type).map(type::cast).findFirst();
  }

  /**
   * The first provider (by id) whose sniff recognizes the bytes. A provider whose sniff throws does
   * not recognize them: detection never fails an appraisal that has not started.
   */
  public Optional<EvidenceProvider> detect(EvidenceSource source, Limits limits) {
    return providers.stream().filter(p -> recognizes(p, source, limits)).findFirst();
  }

  private static boolean recognizes(EvidenceProvider p, EvidenceSource source, Limits limits) {
    try {
      return p.recognizes(source, limits);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
