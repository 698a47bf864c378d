package dev.teepol.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CollateralSourceTest {
  private static final CollateralRequest REQ = new CollateralRequest("tcb_info", Map.of());

  private static CollateralSource serving(String origin, List<String> asked) {
    return new CollateralSource() {
      @Override
      public Optional<CollateralDocument> fetch(CollateralRequest r) {
        asked.add(origin);
        return Optional.of(new CollateralDocument(new byte[] {1}, "", origin));
      }

      @Override
      public String describe() {
        return origin;
      }
    };
  }

  @Test
  void noneServesNothing() throws Exception {
    assertThat(CollateralSource.none().fetch(REQ)).isEmpty();
  }

  @Test
  void firstOfAsksInOrderAndStopsAtTheFirstDocument() throws Exception {
    List<String> asked = new ArrayList<>();
    CollateralSource s =
        CollateralSource.firstOf(
            CollateralSource.none(), serving("dir", asked), serving("pcs", asked));
    assertThat(s.fetch(REQ)).get().extracting(CollateralDocument::origin).isEqualTo("dir");
    assertThat(asked).containsExactly("dir");
    assertThat(s.describe()).endsWith("dir then pcs");
    assertThat(
            CollateralSource.firstOf(CollateralSource.none(), CollateralSource.none()).fetch(REQ))
        .isEmpty();
  }

  @Test
  void aFailingSourceStopsTheSearchInsteadOfFallingThrough() {
    List<String> asked = new ArrayList<>();
    CollateralSource broken =
        r -> {
          throw new CollateralException("tampered store");
        };
    CollateralSource s = CollateralSource.firstOf(broken, serving("pcs", asked));
    assertThatThrownBy(() -> s.fetch(REQ))
        .isInstanceOf(CollateralException.class)
        .hasMessage("tampered store");
    assertThat(asked).isEmpty();
  }
}
