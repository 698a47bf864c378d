package dev.teepol.providers.near;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.providers.nras.NrasAppraiser.Device;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One NRAS token per payload entry, matched by the device serial (PIT: dropping the problem of an
 * entry whose serial could not be read, or the "already taken" test, left every NEAR test green).
 */
class GpuBindingTest {
  private static NvidiaPayload.Entry entry(String serial) {
    return new NvidiaPayload.Entry(Optional.of(serial), "");
  }

  private static Device token(String name, String ueid) {
    return new Device(name, true, Optional.of(ueid));
  }

  @Test
  void eachTokenBindsItsOwnEntry() {
    GpuBinding b =
        GpuBinding.of(
            List.of(token("GPU-0", "aa"), token("GPU-1", "bb")), List.of(entry("aa"), entry("bb")));
    assertThat(b.check().passed()).as(b.check().toString()).isTrue();
    assertThat(b.bound()).containsExactly(true, true);
  }

  @Test
  void anEntryWhoseSerialCouldNotBeReadFailsTheBinding() {
    GpuBinding b =
        GpuBinding.of(
            List.of(token("GPU-0", "aa")),
            List.of(
                entry("aa"),
                new NvidiaPayload.Entry(Optional.empty(), "evidence_list[1] has no certificate")));
    assertThat(b.check().passed()).isFalse();
    assertThat(b.check().outcome().reason()).contains("evidence_list[1] has no certificate");
  }

  @Test
  void twoTokensForOneEntryOrATokenForNoEntryFail() {
    GpuBinding twice =
        GpuBinding.of(
            List.of(token("GPU-0", "aa"), token("GPU-1", "aa")), List.of(entry("aa"), entry("bb")));
    assertThat(twice.check().passed()).isFalse();
    assertThat(twice.bound()).containsExactly(true, false);
    assertThat(twice.check().outcome().reason()).contains("both judge evidence_list[0]");
    GpuBinding stranger = GpuBinding.of(List.of(token("GPU-0", "cc")), List.of(entry("aa")));
    assertThat(stranger.check().passed()).isFalse();
    assertThat(stranger.bound()).containsExactly(false);
  }
}
