package dev.teepol.providers.near;

import dev.teepol.core.evidence.Gpu;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.nras.NrasAppraiser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ties each NRAS device token to the payload entry it judges. An NRAS verdict is only about the
 * payload if NVIDIA's token names a GPU the payload carries: the token's {@code ueid} is the serial
 * number of the device's leaf certificate, and each payload entry carries that certificate. A token
 * whose GPU is in no entry (a verdict recorded for other GPUs, reused for every node, or kept while
 * the evidence was replaced) binds nothing. With {@link NearChecks#GPU_COUNT} this is a one-to-one
 * match. The entries' SPDM evidence bytes are not bound (no token claim commits to them); what is
 * bound is the device identity and, through the nonce checks, the freshness.
 *
 * @param bound per device of the NRAS result, whether its token binds to an entry
 */
record GpuBinding(CheckResult check, List<Boolean> bound) {

  static GpuBinding of(List<NrasAppraiser.Device> devices, List<NvidiaPayload.Entry> entries) {
    Map<String, Integer> entryBySerial = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      NvidiaPayload.Entry e = entries.get(i);
      if (e.deviceSerial().isPresent()
          && entryBySerial.putIfAbsent(e.deviceSerial().get(), i) != null) {
        problems.add(
            "evidence_list["
                + i
                + "] repeats the device of evidence_list["
                + entryBySerial.get(e.deviceSerial().get())
                + "]");
      }
    }
    List<Boolean> bound = new ArrayList<>();
    List<String> unverified = new ArrayList<>();
    Map<Integer, String> takenBy = new HashMap<>();
    for (NrasAppraiser.Device d : devices) {
      if (!d.verified()) {
        unverified.add(d.name());
        bound.add(false);
        continue;
      }
      if (d.ueid().isEmpty()) {
        problems.add(d.name() + "'s token names no ueid, so no GPU of the payload");
        bound.add(false);
        continue;
      }
      Integer entry = entryBySerial.get(d.ueid().get());
      String previous = entry == null ? null : takenBy.putIfAbsent(entry, d.name());
      if (entry == null) {
        problems.add(
            d.name() + " (ueid " + d.ueid().get() + ") is a GPU of none of this payload's entries");
      } else if (previous != null) {
        problems.add(d.name() + " and " + previous + " both judge evidence_list[" + entry + "]");
      }
      bound.add(entry != null && previous == null);
    }
    entries.stream()
        .filter(e -> e.deviceSerial().isEmpty())
        .forEach(e -> problems.add(e.problem()));
    Outcome o =
        !problems.isEmpty()
            ? Outcome.fail(String.join("; ", problems))
            : !unverified.isEmpty()
                ? Outcome.unevaluable("tokens not verified, so not bound: " + unverified)
                : Outcome.PASS;
    return new GpuBinding(
        new CheckResult(
            NearChecks.GPU_BINDING,
            CheckCategory.BINDING,
            o,
            o.passed()
                ? "each NRAS token's ueid is the leaf certificate serial of one payload entry"
                : ""),
        List.copyOf(bound));
  }

  /** The GPU as an unverified token leaves it: its index and arch, nothing the token claims. */
  static Gpu unverified(Gpu g) {
    return new Gpu(g.index(), g.arch(), "", "", "", false, false, false, false, false);
  }
}
