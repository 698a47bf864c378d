package dev.teepol.policy.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.policy.schema.EvidenceValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The values are converted on first read: the map must still read as the whole conversion would, in
 * the same order, whatever is read first, and refuse writes.
 */
class EvidenceValuesTest {

  @Test
  void readsLikeTheWholeConversionWhateverIsReadFirst() {
    Random r = new Random(7);
    for (int i = 0; i < 200; i++) {
      Appraisal base = NativeTypedChecksTest.appraisal(r);
      Appraisal a =
          new Appraisal(
              base.evidence(),
              List.of(
                  CheckResult.of("x.one", CheckCategory.SIGNATURE, true, "ok", "no"),
                  CheckResult.of("x.two", CheckCategory.BINDING, false, "ok", "bad binding")));
      Map<String, Object> whole = deepCopy(EvidenceValues.of(a));
      Map<String, Object> lazy = EvidenceValues.of(a);
      List<String> keys = new ArrayList<>(whole.keySet());
      // Read one key (a different one each round) before anything else.
      String first = keys.get(i % keys.size());
      assertThat(deepCopy(Map.of(first, lazy.get(first))))
          .isEqualTo(Map.of(first, whole.get(first)));
      assertThat(new ArrayList<>(lazy.keySet())).isEqualTo(keys);
      assertThat(deepCopy(lazy)).isEqualTo(whole);
      assertThat(lazy).hasSize(whole.size());
      assertThat(keys.get(keys.size() - 1)).isEqualTo("checks");
      assertThat(lazy.get("no_such_field")).isNull();
      assertThat(lazy.containsKey("no_such_field")).isFalse();
    }
  }

  @Test
  void providerChecksReadByIdWithOutcomeAndReason() {
    Appraisal a =
        new Appraisal(
            NativeTypedChecksTest.evidence(new Random(1)),
            List.of(CheckResult.of("x.two", CheckCategory.BINDING, false, "ok", "bad binding")));
    @SuppressWarnings("unchecked")
    Map<String, Object> checks = (Map<String, Object>) EvidenceValues.of(a).get("checks");
    assertThat(checks)
        .containsExactly(Map.entry("x.two", Map.of("outcome", "FAIL", "reason", "bad binding")));
  }

  @Test
  void refusesWrites() {
    Map<String, Object> lazy =
        EvidenceValues.of(new Appraisal(NativeTypedChecksTest.evidence(new Random(2)), List.of()));
    assertThatThrownBy(() -> lazy.put("kind", "other"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> lazy.remove("kind")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> lazy.entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, deep(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object deep(Object v) {
    if (v instanceof Map<?, ?> m) {
      return deepCopy((Map<String, Object>) m);
    }
    if (v instanceof List<?> l) {
      return l.stream().map(EvidenceValuesTest::deep).toList();
    }
    return v;
  }
}
