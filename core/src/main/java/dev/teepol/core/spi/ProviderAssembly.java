package dev.teepol.core.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds one provider per factory, each exactly once, resolving {@code require} by building the
 * required provider first. The state lives in this object for one {@link Providers} set only.
 */
final class ProviderAssembly implements ProviderFactory.Dependencies {
  private final Map<Class<?>, ProviderFactory<?>> factories = new LinkedHashMap<>();
  private final Map<Class<?>, EvidenceProvider> built = new LinkedHashMap<>();

  /** Types whose factory is running, in call order: a second request for one of them is a cycle. */
  private final Set<Class<?>> building = new LinkedHashSet<>();

  ProviderAssembly(Iterable<? extends ProviderFactory<?>> found) {
    for (ProviderFactory<?> f : found) {
      ProviderFactory<?> other = factories.putIfAbsent(f.type(), f);
      if (other != null) {
        throw new IllegalStateException(
            "two factories build "
                + f.type().getName()
                + ": "
                + other.getClass().getName()
                + " and "
                + f.getClass().getName());
      }
    }
  }

  List<EvidenceProvider> buildAll() {
    for (Class<?> type : factories.keySet()) {
      build(type);
    }
    return new ArrayList<>(built.values());
  }

  @Override
  public <T extends EvidenceProvider> T require(Class<T> type) {
    if (!factories.containsKey(type)) {
      throw new IllegalStateException(
          "a provider requires "
              + type.getName()
              + ", which no ProviderFactory on the class path builds");
    }
    return type.cast(build(type));
  }

  private EvidenceProvider build(Class<?> type) {
    EvidenceProvider done = built.get(type);
    if (done != null) {
      return done;
    }
    if (!building.add(type)) {
      List<String> chain = new ArrayList<>(building.stream().map(Class::getSimpleName).toList());
      chain.add(type.getSimpleName());
      throw new IllegalStateException(
          "provider requirements form a cycle: " + String.join(" → ", chain));
    }
    ProviderFactory<?> f = factories.get(type);
    EvidenceProvider p = f.create(this);
    if (!type.isInstance(p)) {
      throw new IllegalStateException(
          f.getClass().getName()
              + " declares "
              + type.getName()
              + " but built "
              + (p == null ? "nothing" : p.getClass().getName()));
    }
    building.remove(type);
    built.put(type, p);
    return p;
  }
}
