package dev.teepol.core.spi;

import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a provider concluded: the normalized evidence plus every check it ran. Composite services
 * carry one appraisal per component. Providers never decide ALLOW or DENY.
 */
public record Appraisal(
    Evidence evidence, List<CheckResult> checks, Map<String, Appraisal> components) {

  public Appraisal {
    checks = List.copyOf(checks);
    components = Map.copyOf(components);
  }

  public Appraisal(Evidence evidence, List<CheckResult> checks) {
    this(evidence, checks, Map.of());
  }

  /** Evidence that could not be decoded: empty evidence and the one parse check that failed. */
  public static Appraisal unparsable(
      String kind, String subject, String parseCheckId, String reason) {
    return new Appraisal(
        Evidence.empty(kind, subject),
        List.of(CheckResult.fail(parseCheckId, CheckCategory.PARSE, reason)));
  }

  public Optional<CheckResult> check(String id) {
    return checks.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /**
   * True iff the evidence's own signatures and chains passed and no check that bears on genuineness
   * failed, here and in every component. UNEVALUABLE collateral checks do not make it false (they
   * still deny).
   */
  public boolean genuine() {
    boolean anySignature = false;
    for (CheckResult c : checks) {
      CheckCategory cat = c.category();
      if (cat == CheckCategory.SIGNATURE
          || cat == CheckCategory.CHAIN
          || cat == CheckCategory.PARSE) {
        if (!c.passed()) {
          return false;
        }
        anySignature |= cat == CheckCategory.SIGNATURE;
      } else if (cat.bearsOnGenuineness() && c.outcome() instanceof Outcome.Fail) {
        return false;
      }
    }
    // A container (a NEAR report) signs nothing itself: it is genuine when its own checks hold and
    // every component it carries is.
    return (anySignature || !components.isEmpty())
        && components.values().stream().allMatch(Appraisal::genuine);
  }
}
