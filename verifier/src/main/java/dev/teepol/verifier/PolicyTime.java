package dev.teepol.verifier;

import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.model.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Until when a policy's verdict on one appraisal cannot change by the passing of time alone. The
 * typed TCB section compares {@code now} with fixed instants ({@code expires}) and with the
 * collateral's issue date plus a duration ({@code maxCollateralAge}, {@code outOfDateGrace}); each
 * comparison flips at most once, so the verdict holds until the earliest such instant still ahead.
 * Free CEL ({@code rules}, {@code outputs}) that mentions {@code now} can flip at any instant: then
 * there is no horizon and nothing may reuse the verdict.
 */
final class PolicyTime {
  private PolicyTime() {}

  static Optional<Instant> horizon(CompiledPolicy policy, Appraisal appraisal, Instant now) {
    Policy.Spec spec = policy.policy().spec();
    boolean freeCelReadsNow =
        spec.rules().stream().anyMatch(r -> mentionsNow(r.expression().text()))
            || spec.outputs().stream().anyMatch(o -> mentionsNow(o.expression().text()));
    if (freeCelReadsNow) {
      return Optional.empty();
    }
    List<Instant> flips = new ArrayList<>();
    spec.tcb()
        .ifPresent(
            t -> {
              t.expires().ifPresent(flips::add);
              List<Duration> ages = new ArrayList<>();
              t.maxCollateralAge().ifPresent(ages::add);
              t.outOfDateGrace().ifPresent(ages::add);
              for (Instant issued : issuedAt(appraisal)) {
                for (Duration d : ages) {
                  flips.add(issued.plus(d));
                }
              }
            });
    return Optional.of(
        flips.stream().filter(f -> f.isAfter(now)).min(Instant::compareTo).orElse(Instant.MAX));
  }

  /** Conservative: any occurrence of the identifier, in a string literal or not. */
  static boolean mentionsNow(String cel) {
    int i = cel.indexOf("now");
    while (i >= 0) {
      boolean startOk = i == 0 || !Character.isJavaIdentifierPart(cel.charAt(i - 1));
      int end = i + 3;
      boolean endOk = end >= cel.length() || !Character.isJavaIdentifierPart(cel.charAt(end));
      if (startOk && endOk) {
        return true;
      }
      i = cel.indexOf("now", i + 1);
    }
    return false;
  }

  private static List<Instant> issuedAt(Appraisal a) {
    List<Instant> out = new ArrayList<>();
    collect(a, out);
    return out;
  }

  private static void collect(Appraisal a, List<Instant> out) {
    Evidence e = a.evidence();
    e.platform().collateral().issuedAt().ifPresent(out::add);
    a.components().values().forEach(c -> collect(c, out));
  }
}
