package dev.teepol.core.spi;

/**
 * Builds the one instance of a provider in a {@link Providers} set. Factories are found through
 * {@link java.util.ServiceLoader} (a line in {@code
 * META-INF/services/dev.teepol.core.spi.ProviderFactory}), so a provider's constructor can take
 * what it needs instead of being called without arguments.
 *
 * <p>A composite provider asks for another provider of the same set by type ({@code
 * deps.require(TdxProvider.class)}) and keeps the instance it gets: every provider that requires
 * the TDX provider holds the set's own, so they share its verified-collateral caches. A factory
 * holds no state; each {@link Providers#load()} calls it once for a fresh set.
 *
 * @param <P> the provider class this factory builds, the key other factories require it by
 */
public interface ProviderFactory<P extends EvidenceProvider> {

  /**
   * The class of the provider built, exactly the class another factory names in {@code require}.
   */
  Class<P> type();

  /** A new provider; {@code deps} yields the other providers of the set this one is built into. */
  P create(Dependencies deps);

  /** The other providers of the set being assembled. */
  interface Dependencies {
    /**
     * The set's one instance of {@code type}, built first if it was not yet. Fails (at load, never
     * during an appraisal) when no factory builds {@code type} or when the requirements form a
     * cycle.
     */
    <T extends EvidenceProvider> T require(Class<T> type);
  }
}
