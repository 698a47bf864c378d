package dev.teepol.core.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The providers on the class path, in a stable order. */
public final class Providers {
  private final List<EvidenceProvider> providers;

  private Providers(List<EvidenceProvider> providers) {
    this.providers = List.copyOf(providers);
  }

  public static Providers load() {
    List<EvidenceProvider> list = new ArrayList<>();
    ServiceLoader.load(EvidenceProvider.class).forEach(list::add);
    list.sort(java.util.Comparator.comparing(EvidenceProvider::id));
    return new Providers(list);
  }

  public static Providers of(List<EvidenceProvider> providers) {
    return new Providers(providers);
  }

  public List<EvidenceProvider> all() {
    return providers;
  }

  public Optional<EvidenceProvider> byId(String id) {
    return providers.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** The first provider that recognizes the bytes. */
  public Optional<EvidenceProvider> detect(EvidenceSource source) {
    return providers.stream().filter(p -> p.recognizes(source)).findFirst();
  }
}
