package dev.teepol.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.limits.Limits;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Assembling a provider set from factories: one instance each, requirements shared, never global.
 */
class ProvidersTest {
  /** A provider that recognizes bytes starting with its id. */
  private static class Base implements EvidenceProvider {
    private final String id;

    Base(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public boolean recognizes(EvidenceSource source, Limits limits) {
      return new String(source.content(), java.nio.charset.StandardCharsets.US_ASCII)
          .startsWith(id);
    }

    @Override
    public Appraisal appraise(EvidenceSource source, AppraisalContext context) {
      return Appraisal.unparsable(id, source.name(), id + ".parse", "test provider");
    }
  }

  static final class Leaf extends Base {
    Leaf() {
      super("leaf");
    }
  }

  static final class Composite extends Base {
    final Leaf leaf;

    Composite(Leaf leaf) {
      super("composite");
      this.leaf = leaf;
    }
  }

  static final class Other extends Base {
    final Leaf leaf;

    Other(Leaf leaf) {
      super("other");
      this.leaf = leaf;
    }
  }

  static final class Throwing extends Base {
    Throwing() {
      super("a-throwing");
    }

    @Override
    public boolean recognizes(EvidenceSource source, Limits limits) {
      throw new IllegalStateException("a sniff that trips");
    }
  }

  private record Factory<P extends EvidenceProvider>(
      Class<P> type,
      java.util.function.Function<ProviderFactory.Dependencies, P> make,
      AtomicInteger calls)
      implements ProviderFactory<P> {
    Factory(Class<P> type, java.util.function.Function<ProviderFactory.Dependencies, P> make) {
      this(type, make, new AtomicInteger());
    }

    @Override
    public P create(Dependencies deps) {
      calls.incrementAndGet();
      return make.apply(deps);
    }
  }

  private final Factory<Leaf> leaf = new Factory<>(Leaf.class, d -> new Leaf());
  private final Factory<Composite> composite =
      new Factory<>(Composite.class, d -> new Composite(d.require(Leaf.class)));
  private final Factory<Other> other =
      new Factory<>(Other.class, d -> new Other(d.require(Leaf.class)));

  @Test
  void everyProviderIsBuiltOnceAndCompositesHoldTheSetsOwnInstance() {
    // The composites come first: the leaf is built on their demand, and only once.
    Providers set = Providers.fromFactories(List.of(composite, other, leaf));
    assertThat(leaf.calls()).hasValue(1);
    Leaf l = set.byType(Leaf.class).orElseThrow();
    assertThat(set.byType(Composite.class).orElseThrow().leaf).isSameAs(l);
    assertThat(set.byType(Other.class).orElseThrow().leaf).isSameAs(l);
    assertThat(set.all())
        .extracting(EvidenceProvider::id)
        .containsExactly("composite", "leaf", "other");
    assertThat(set.byId("leaf")).containsSame(l);
  }

  @Test
  void eachSetIsFreshAndIndependent() {
    Providers a = Providers.fromFactories(List.of(leaf, composite));
    Providers b = Providers.fromFactories(List.of(leaf, composite));
    assertThat(a.byType(Leaf.class).orElseThrow()).isNotSameAs(b.byType(Leaf.class).orElseThrow());
    assertThat(b.byType(Composite.class).orElseThrow().leaf)
        .isSameAs(b.byType(Leaf.class).orElseThrow());
  }

  @Test
  void aMissingRequirementACycleOrTwoFactoriesForOneTypeFailAtLoad() {
    assertThatThrownBy(() -> Providers.fromFactories(List.of(composite)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Leaf.class.getName())
        .hasMessageContaining("no ProviderFactory");
    Factory<Leaf> circularLeaf =
        new Factory<>(
            Leaf.class,
            d -> {
              d.require(Composite.class);
              return new Leaf();
            });
    assertThatThrownBy(() -> Providers.fromFactories(List.of(circularLeaf, composite)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cycle: Leaf → Composite → Leaf");
    assertThatThrownBy(
            () ->
                Providers.fromFactories(List.of(leaf, new Factory<>(Leaf.class, d -> new Leaf()))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("two factories");
  }

  @Test
  void detectionAsksEachSniffInIdOrderAndASniffThatThrowsRecognizesNothing() {
    Providers set = Providers.of(List.of(new Leaf(), new Throwing()));
    assertThat(
            set.detect(
                new EvidenceSource(
                    "x", "leaf...".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                Limits.DEFAULT))
        .hasValueSatisfying(p -> assertThat(p.id()).isEqualTo("leaf"));
    assertThat(
            set.detect(
                new EvidenceSource(
                    "x", "none".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                Limits.DEFAULT))
        .isEmpty();
  }
}
